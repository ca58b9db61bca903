// Shared state while mapping one cxas-scrapi file: its source, errors and convert notes.
import type { SpecError } from '../../validation/index.js';
import type { Source } from '../load/source.js';

/** Where meaning could not be carried exactly; `convert` writes these as YAML comments. */
export interface ConvertNote { conversation: number; turn?: number; text: string }

export interface ScrapiContext {
  source: Source;
  errors: SpecError[];
  notes: ConvertNote[];
}

export type Path = Array<string | number>;
export type Raw = Record<string, unknown>;
