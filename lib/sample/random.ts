import { Faker, base, de, en, en_IN, es_MX, fr, it, nl, pl, pt_BR, sv, type LocaleDefinition } from "@faker-js/faker";

/**
 * The one source of randomness of the sample generator: faker's seeded Mersenne Twister. Nothing here reads the clock
 * or the global (unseeded) random function, so the same seed gives byte-identical files. Every draw goes through `this.f`, in a fixed order.
 */
export class SampleRandom {
  readonly f: Faker;
  /** One faker per name locale, each seeded from the main one, for a realistic mix of names. */
  private readonly namers: Faker[];

  constructor(seed: number) {
    this.f = new Faker({ locale: [en, base], seed });
    const locales: LocaleDefinition[] = [en, en, en, en, de, es_MX, fr, pl, en_IN, it, nl, pt_BR, sv];
    this.namers = locales.map((l) => new Faker({ locale: [l, en, base], seed: this.int(1, 2 ** 30) }));
  }

  int(min: number, max: number): number {
    return this.f.number.int({ min, max });
  }

  chance(p: number): boolean {
    return this.f.number.float({ min: 0, max: 1 }) < p;
  }

  pick<T>(items: readonly T[]): T {
    return this.f.helpers.arrayElement(items);
  }

  /** `count` distinct items in a random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.f.helpers.arrayElements(items, count);
  }

  /** A first/last name pair from a randomly chosen locale. */
  name(): { first: string; last: string } {
    const namer = this.pick(this.namers);
    return { first: utf8(namer.person.firstName()), last: utf8(namer.person.lastName()) };
  }

  /** A random lower-case GUID (version 4 layout), like an Entra object id. */
  guid(): string {
    return this.f.string.uuid();
  }

  /** Random upper-case base32 characters, the alphabet AWS uses in unique ids (AIDA…, AROA…). */
  base32(length: number): string {
    return this.f.string.fromCharacters("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", length);
  }

  hex(length: number): string {
    return this.f.string.hexadecimal({ length, casing: "lower", prefix: "" });
  }

  /** A time between two instants (ms precision dropped to whole seconds, as AWS prints them). */
  between(from: Date, to: Date): Date {
    const a = Math.floor(from.getTime() / 1000);
    const b = Math.floor(to.getTime() / 1000);
    return new Date(this.int(Math.min(a, b), Math.max(a, b)) * 1000);
  }
}

/**
 * A few of faker's locale names are mojibake (UTF-8 bytes read as Latin-1: "Ã\u0096mer" for "Ömer"); decode those
 * back. Real Latin-1 names never hold "Ã" followed by a C1 control or continuation byte, so others pass unchanged.
 */
function utf8(s: string): string {
  return /Ã[\u0080-\u00bf]/.test(s) ? Buffer.from(s, "latin1").toString("utf8") : s;
}
