// Public API of the pure assertion engine (see README.md for the contract).
export { runAssertions } from './run.js';
export { MATCHERS } from './registry.js';
export { matchValue } from './match-value.js';
export { bounded as boundedUserText, render as renderValue } from './format.js';
export { OPERATORS, isOperatorName, operandProblem } from './operators.js';
export { similarity } from './similarity.js';
export { toolNamings } from './tool-call-spec.js';
export { CannotEvaluateError, BadOptionsError } from './errors.js';
export { UnloadedCustomMatcher } from './types.js';
export type {
  CustomMatcherCall,
  CustomMatcherFn,
  CustomMatcherInput,
  CustomMatcherModule,
  DeferredCheck,
  Errored,
  MatchContext,
} from './types.js';
