// For `validate`: what a run would make an error of every conversation that needs the judge or a
// simulated user, seen in the config alone (a backend without a default model, openai, and no model
// named), located at the config key that chose that backend and worded as the run words it.
// Credentials are not looked at: validate runs where the keys may not be (CI without secrets).
import type { SourceLocation } from '../model/location.js';
import type { SpecFile } from '../model/spec.js';
import { missingModel } from '../judge/index.js';
import { SpecError } from '../validation/index.js';
import type { ConfigResult } from './config.js';
import { userModelSettingProblem } from './run/simulation/user-model.js';
import { usesJudge } from './run/uses-judge.js';

export function checkLlmSettings(loaded: ConfigResult, files: readonly SpecFile[]): SpecError[] {
  const { config, errors } = loaded;
  if (errors.length) return [];
  const conversations = files.flatMap((f) => f.conversations);
  const simulated = conversations.some((c) => c.simulation);
  // A simulation's goals are graded by the judge: it needs one as a judge expectation does.
  const judged = simulated || conversations.some(usesJudge);
  const at = (key: 'judge.backend' | 'simulation.backend'): SourceLocation =>
    loaded.locate?.(key.split('.')) ?? { file: loaded.file ?? 'config', line: 1, col: 1 };
  const problems: SpecError[] = [];
  const judgeProblem = judged ? missingModel(config.judge?.backend ?? 'auto', config.judge ?? {}) : undefined;
  if (judgeProblem) problems.push(new SpecError('MISSING_KEY', at('judge.backend'), 'judge.backend', judgeProblem));
  // A conversation's own simulation.userModel wins over the config's: only one that names none needs it.
  const defaultUserModel = conversations.some((c) => c.simulation && !c.simulation.userModel);
  const userProblem = defaultUserModel ? userModelSettingProblem(config.simulation, config.judge) : undefined;
  if (userProblem)
    problems.push(new SpecError('MISSING_KEY', at(userProblem.backendKey), userProblem.backendKey, userProblem.reason));
  return problems;
}
