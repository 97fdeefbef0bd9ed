/**
 * Imported for its side effect by the export route: registers the comparison views' tables (people, findings, drift,
 * coverage) with /api/export/<id>, so each exports exactly what it shows.
 */
import "./browse-people";
import "./browse-findings";
import "./compare-snapshots";
import "./browse-ca-coverage";
