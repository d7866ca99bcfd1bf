import { Random } from '../helpers/random';

const oddStrings = ['\u0000', '\uD800', '\uDFFF', '\u202E', '\uFEFF', '😀', '\u0301', '\r', '\r\n', '\u2028', 'ﬀ', '\\u0000', '\\uD800', '${', '${}', '${aws:username', '*a*a*a*a*a*a*a*b', '"'];

/** One random mutation of a policy text: the kinds of damage half-typed and hostile files carry. */
export function mutate(text: string, random: Random): string {
  const at = random.int(text.length + 1);
  switch (random.int(11)) {
    case 0: // truncation
      return text.slice(0, at);
    case 1: // a deleted quote, brace, bracket, comma or colon
      return deleteStructural(text, random);
    case 2: // odd Unicode, lone surrogates, NUL bytes
      return text.slice(0, at) + random.pick(oddStrings) + text.slice(at);
    case 3: // a string value swapped for another JSON type
      return text.replace(/"(?:[^"\\]|\\.)*"(?=\s*[,}\]])/, random.pick(['1', 'true', 'null', '[]', '{}', '[1,[2]]', '-0.5e9']));
    case 4: // deep nesting
      return text.slice(0, at) + '['.repeat(100 + random.int(200)) + text.slice(at);
    case 5: // a huge array
      return text.replace(/"Action"\s*:/, `"Action": [${Array.from({ length: 2000 + random.int(3000) }, (_, i) => `"s3:Get${i}*"`).join(',')}], "X":`);
    case 6: // numbers and odd strings as keys
      return text.replace(/"(\w+)"\s*:/, random.pick(['1:', '"":', '"\u0000":', '"Statement ":', 'true:', '"${aws:x}":']));
    case 7: // a duplicated slice
      return text.slice(0, at) + text.slice(random.int(text.length), random.int(text.length)) + text.slice(at);
    case 8: // swapped characters
      return text.slice(0, at) + text.slice(at + 1, at + 2) + text.slice(at, at + 1) + text.slice(at + 2);
    case 9: // a long wildcard pattern in a value
      return text.replace(/"(s3|ec2|iam):[^"]*"/, `"${'*a'.repeat(200)}*b"`);
    default: // a comment or a trailing comma
      return text.slice(0, at) + random.pick(['//', '/*', ',', ',]', ',}', '/* x */']) + text.slice(at);
  }
}

function deleteStructural(text: string, random: Random): string {
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) if ('"{}[],:'.includes(text[i])) positions.push(i);
  if (positions.length === 0) return text;
  const at = random.pick(positions);
  return text.slice(0, at) + text.slice(at + 1);
}
