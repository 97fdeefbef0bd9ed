import type { Db } from "../db/client";
import { AZURE_ASSIGNMENTS_TABLE } from "./browse-azure";
import { CA_COVERAGE_TABLE } from "./browse-ca-coverage";
import { FINDINGS_TABLE } from "./browse-findings";
import { exportInventoryRows, INVENTORY_TABLES, isInventoryTable, type InventoryTableId } from "./browse-inventory";
import { PEOPLE_TABLE } from "./browse-people";
import type { ExportValue } from "./browse-query";
import { exportTableRows, type ViewTable } from "./browse-table";
import { DRIFT_TABLE } from "./compare-snapshots";

/** Every row a table shows (all pages, its filters applied), for /api/export/<id>. */
export type RowSource = (db: Db, params: URLSearchParams) => AsyncIterable<Record<string, ExportValue>>;

function viewSource<Row, Ctx, Extra>(t: ViewTable<Row, Ctx, Extra>): [string, RowSource] {
  return [t.spec.id, (db, params) => exportTableRows(t, db, params)];
}

function inventorySource(id: InventoryTableId): [string, RowSource] {
  return [id, (db, params) => exportInventoryRows(db, id, params)];
}

/**
 * The tables that /api/export/<id> exports, by id: every table the app shows (the inventory tabs, people, findings,
 * drift, conditional-access coverage), each through the same TableSpec that renders its page, so an export holds
 * exactly what the table shows. An explicit list (no registration on import): a table missing here is a failing test
 * (table-exports.test.ts), not a NOT_FOUND that depends on which modules a route happened to import.
 */
export const TABLE_EXPORTS: ReadonlyMap<string, RowSource> = new Map([
  ...Object.keys(INVENTORY_TABLES).filter(isInventoryTable).map(inventorySource),
  viewSource(PEOPLE_TABLE),
  viewSource(FINDINGS_TABLE),
  viewSource(DRIFT_TABLE),
  viewSource(CA_COVERAGE_TABLE),
  viewSource(AZURE_ASSIGNMENTS_TABLE),
]);
