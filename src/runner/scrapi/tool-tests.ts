// cxas-scrapi tool-test files (`tests:` of cases naming a `tool`, as documented in
// docs/scrapi-compatibility.md), validated strictly by schemas/scrapi-tool-test.schema.json:
// cxas-scrapi ignored unknown keys, so a misspelled `expectation:` gave a test that always passed.
import type { SpecFile } from '../../model/spec.js';
import type { SpecError } from '../../validation/index.js';
import type { Source } from '../load/source.js';
import { toToolTests } from '../load/tool-tests.js';
import type { ToolTestDocument } from './tool-test-document.generated.js';

export function toolTestFile(source: Source, doc: ToolTestDocument, errors: SpecError[]): SpecFile {
  return {
    file: source.file,
    format: 'scrapi-tool-test',
    conversations: [],
    toolTests: toToolTests(source, doc.tests, ['tests'], 'scrapi', errors),
  };
}
