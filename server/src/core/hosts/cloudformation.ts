/** CloudFormation and SAM templates, YAML or JSON: the reader lives in ./cloudformation/. */
export { cloudFormationReader, isTemplate, templateFormatOf, templateRules } from './cloudformation/reader';
