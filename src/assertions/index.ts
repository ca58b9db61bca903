// Public API of the pure assertion engine (see README.md for the contract).
export { runAssertions } from './run.js';
export { MATCHERS } from './registry.js';
export { matchValue, type MatchMode, type ValueMatch } from './match-value.js';
export { render as renderValue } from './format.js';
export { OPERATORS, isOperatorName, operandProblem, type OperatorName } from './operators.js';
export { similarity, normalizeText } from './similarity.js';
export { CannotEvaluateError, BadOptionsError } from './errors.js';
export { UnloadedCustomMatcher } from './types.js';
export type {
  Check,
  CustomMatcherCall,
  CustomMatcherFn,
  CustomMatcherInput,
  CustomMatcherModule,
  CustomMatcherVerdict,
  DeferredCheck,
  Errored,
  MatchContext,
  Matcher,
  MatcherOutcome,
  Scope,
  Skip,
} from './types.js';
