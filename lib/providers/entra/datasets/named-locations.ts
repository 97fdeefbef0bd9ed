import { normalizeNamedLocation } from "../normalize";
import { declareEntraDataset, hasAny } from "./declare";

export const namedLocations = declareEntraDataset({
  name: "namedLocations",
  title: "named locations",
  permission: "Policy.Read.All",
  live: { path: "/identity/conditionalAccess/namedLocations", select: null },
  file: {
    odataTypes: ["ipNamedLocation", "countryNamedLocation"],
    url: /conditionalAccess\/namedLocations/,
    shape: (o) => hasAny(o, "ipRanges", "countriesAndRegions"),
  },
  normalize: normalizeNamedLocation,
  counts: ["namedLocations"],
});
