/** One area's benchmark figures, printed by `npm run bench`. */
export interface BenchResult {
  name: string;
  figures: Record<string, number | string>;
  notes?: string[];
}
