import { IncrementalParser, wasmGrammar } from '../tree-sitter';
import { parsableText } from './iam-variables';

/** The HCL parser: tree-sitter's Terraform grammar (tree-sitter-grammars/tree-sitter-hcl, Apache-2.0). */
export const GRAMMAR_WASM = 'tree-sitter-terraform.wasm';
const terraformGrammar = wasmGrammar(GRAMMAR_WASM, '@tree-sitter-grammars/tree-sitter-hcl', 'Terraform');

/** Loads the runtime and the grammar once; later calls return the same promise. Never rejects: a failure is kept for `terraformParser()`. */
export function loadTerraformParser(): Promise<void> {
  return terraformGrammar.load();
}

/** The loaded parser, or why there is none: not loaded yet, or a wasm file missing. */
export const terraformParser = terraformGrammar.parser;

/**
 * The parser of editor documents: each document's next text is parsed from its last tree. It reads IAM policy
 * variables written as interpolations masked (iam-variables.ts), and the edit is found between the texts it read,
 * since an edit next to one changes its mask.
 */
export function incrementalTerraformParser(maxDocuments = 64): IncrementalParser {
  return new IncrementalParser(terraformParser, { maxDocuments, parsable: parsableText });
}
