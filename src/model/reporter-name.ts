// The reporters a run can write: src/reporters makes them, config `reporters:` and --reporter name
// them. Declared once here, where the runner's config and the reporters both read it.
export type ReporterName = 'list' | 'json' | 'junit' | 'html' | 'github';
