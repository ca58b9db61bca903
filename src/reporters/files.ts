// File names and writing shared by the file reporters (names are fixed: tools and CI configs rely on them).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const REPORT_FILES = { json: 'results.json', junit: 'junit.xml', html: 'report.html' } as const;

export async function writeReportFile(outputDir: string, name: string, content: string): Promise<string> {
  await mkdir(outputDir, { recursive: true });
  const path = join(outputDir, name);
  await writeFile(path, content, 'utf8');
  return path;
}
