import type { AssignmentTable } from "./estate";

type Columns = Omit<AssignmentTable, "count" | "start">;

function columns(capacity: number): Columns {
  return {
    scope: new Int32Array(capacity),
    role: new Uint16Array(capacity),
    principalKind: new Uint8Array(capacity),
    principal: new Int32Array(capacity),
    flags: new Uint8Array(capacity),
    created: new Uint16Array(capacity),
    end: new Int16Array(capacity),
  };
}

/** Appends rows to a columnar assignment table, scope by scope in increasing scope order, then seals it. */
export class TableBuilder {
  private n = 0;
  cols: Columns;

  constructor(
    capacity: number,
    private readonly scopes: number,
  ) {
    this.cols = columns(Math.max(16, capacity));
  }

  /** Adds a row and returns its index. */
  add(
    scope: number,
    role: number,
    kind: number,
    principal: number,
    flags: number,
    created: number,
    end: number,
  ): number {
    const c = this.cols;
    if (this.n > 0 && scope < c.scope[this.n - 1]!) throw new Error("rows must be added in scope order");
    if (this.n === c.scope.length) this.grow();
    const i = this.n++;
    const d = this.cols;
    d.scope[i] = scope;
    d.role[i] = role;
    d.principalKind[i] = kind;
    d.principal[i] = principal;
    d.flags[i] = flags;
    d.created[i] = created;
    d.end[i] = end;
    return i;
  }

  private grow(): void {
    const bigger = columns(this.cols.scope.length * 2);
    for (const k of Object.keys(bigger) as (keyof Columns)[]) bigger[k].set(this.cols[k]);
    this.cols = bigger;
  }

  build(): AssignmentTable {
    const n = this.n;
    const start = new Int32Array(this.scopes + 1);
    let row = 0;
    for (let s = 0; s <= this.scopes; s++) {
      while (row < n && this.cols.scope[row]! < s) row++;
      start[s] = row;
    }
    const sliced = Object.fromEntries(Object.entries(this.cols).map(([k, v]) => [k, v.slice(0, n)])) as Columns;
    return { count: n, ...sliced, start };
  }
}
