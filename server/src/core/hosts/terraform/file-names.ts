// A module's files are `.tf` (native syntax) and `.tf.json` (JSON syntax), and OpenTofu's `.tofu` and `.tofu.json`,
// which OpenTofu reads the same way (https://opentofu.org/docs/language/files/).

/** Whether a file (path or URI, without query) is a module file in the native syntax: `.tf` or `.tofu`. */
export function isNativeModuleFile(file: string): boolean {
  return /\.(?:tf|tofu)$/i.test(file);
}

/** Whether a file is a module file in the JSON syntax: `.tf.json` or `.tofu.json`. */
export function isJsonModuleFile(file: string): boolean {
  return /\.(?:tf|tofu)\.json$/i.test(file);
}

/** Whether a file is one of a module's files, in either syntax. */
export function isModuleFile(file: string): boolean {
  return isNativeModuleFile(file) || isJsonModuleFile(file);
}
