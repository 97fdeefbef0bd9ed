import { AppError } from "../errors";

/**
 * Limits on the shape of an imported JSON document, checked on the text before JSON.parse: a valid but absurd file
 * (a 20 MB array of 10 million zeros) otherwise becomes millions of values, then millions of validation issues, and
 * runs the import process out of memory instead of getting an answer. Real exports stay far below: a GAAD of 100k
 * users is ~60 MB and ~4 million values, with no list longer than its 100k users; a Graph page holds at most 999.
 */
export const JSON_LIMITS = { maxArrayElements: 1_000_000, maxValues: 20_000_000, maxDepth: 200 } as const;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Throws TOO_LARGE naming the limit when `text` (JSON, valid or not) has an array longer than maxArrayElements, more
 * than maxValues values in all, or nesting deeper than maxDepth. One pass over the characters, no allocation per value.
 */
export function checkJsonLimits(
  text: string,
  label: string,
  limits: { maxArrayElements: number; maxValues: number; maxDepth: number } = JSON_LIMITS,
): void {
  // Per open array: its element count so far (commas + 1 once it has any content); objects are marked with -1.
  const stack: number[] = [];
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      values++;
    } else if (c === COMMA) {
      const top = stack.length - 1;
      if (top >= 0 && stack[top]! >= 0) {
        const n = ++stack[top]!;
        if (n >= limits.maxArrayElements) {
          throw new AppError(
            "TOO_LARGE",
            `${label}: an array with more than ${limits.maxArrayElements.toLocaleString("en")} elements is more than an import accepts (real exports have far fewer; split the file)`,
          );
        }
      }
      values++;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      stack.push(c === OPEN_ARRAY ? 0 : -1);
      values++;
      if (stack.length > limits.maxDepth)
        throw new AppError("TOO_LARGE", `${label}: JSON nested deeper than ${limits.maxDepth} levels`);
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      stack.pop();
    }
    if (values > limits.maxValues) {
      throw new AppError(
        "TOO_LARGE",
        `${label}: more than ${limits.maxValues.toLocaleString("en")} JSON values is more than an import accepts; split the file`,
      );
    }
  }
}
