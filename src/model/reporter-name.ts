// The reporters a run can write: src/reporters makes them, config `reporters:` and --reporter name
// them. Declared once, in schemas/config.schema.json (`reporters` items' enum), and typed from it
// here, where the runner's config and the reporters both read it; src/reporters/create.ts has one
// factory for each (a Record over this type, so a name without a reporter does not compile).
import type { CxasConfig } from './config.generated.js';

export type ReporterName = NonNullable<CxasConfig['reporters']>[number];
