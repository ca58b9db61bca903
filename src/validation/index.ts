// The generic YAML + JSON Schema layer shared by specs, config and emulator apps (see README.md).
export { SpecError, SPEC_ERROR_CODES, formatPath, sortErrors, type SpecErrorCode } from './errors.js';
export { jsonSyntaxError } from './json-syntax.js';
export { parseYaml, locate, writtenText, yamlDocument, type ParsedYaml, type YamlDoc } from './yaml.js';
export { enableYamlCache, checkKey, passedBefore, rememberPassed } from './parse-cache.js';
export { compileSchema } from './schema.js';
export { validateDocument, validateValueAt } from './validate.js';
export { loadYamlFile, loadYamlText, type LoadedYaml } from './load-file.js';
export { suggestKey, editDistance, unknownNameText } from './suggest.js';
export { pointerToPath } from './map-errors.js';
export {
  DEFAULT_INPUT_LIMITS,
  fileProblem,
  fileProblemError,
  inputLimits,
  readBoundedText,
  readFileWith,
  withInputLimits,
  type InputLimits,
} from './limits.js';
