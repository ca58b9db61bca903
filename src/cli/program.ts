// Wires each command (one file each) into a commander program. No logic here.
import { Command } from 'commander';
import { registerRun } from './run.js';
import { registerValidate } from './validate.js';
import { registerEmulator } from './emulator.js';
import { registerConvert } from './convert.js';
import { registerMergeReports } from './merge-reports.js';
import { registerChat } from './chat.js';
import { registerInit } from './init.js';
import { registerPlatform } from './platform.js';
import { registerRuns } from './runs.js';
import { registerCompare } from './compare.js';
import { registerRescore } from './rescore.js';
import { registerCoverage } from './coverage.js';
import { registerImport } from './import.js';
import { registerJudge } from './judge.js';
import { TOOL_VERSION } from '../package-root.js';

export function buildProgram(): Command {
  const program = new Command('cxas-eval')
    .description('Evaluate CX Agent Studio (CES) agents with YAML conversation specs.')
    .version(TOOL_VERSION)
    .showHelpAfterError()
    .exitOverride();
  for (const register of [
    registerRun,
    registerValidate,
    registerEmulator,
    registerConvert,
    registerMergeReports,
    registerChat,
    registerInit,
    registerPlatform,
    registerRuns,
    registerCompare,
    registerRescore,
    registerCoverage,
    registerJudge,
    registerImport,
  ]) {
    register(program);
  }
  return program;
}
