import { describe, expect, it } from "vitest";
import { MembershipGraph } from "./transitive";

describe("MembershipGraph", () => {
  const build = () => {
    const g = new MembershipGraph();
    g.addDirect("G1", "u1");
    g.addDirect("G1", "G2", true);
    g.addDirect("G2", "u2");
    g.addDirect("G2", "G3", true);
    g.addDirect("G3", "u3");
    g.addDirect("G3", "G1", true); // a cycle
    g.addDirect("G4", "u1");
    return g;
  };

  it("computes members reached only through nesting, tolerating cycles", () => {
    const pairs = [...build().transitiveOnly()].flat().map((m) => `${m.groupProviderId}>${m.memberProviderId}`).sort();
    expect(pairs).toEqual(
      ["G1>G3", "G1>u2", "G1>u3", "G2>G1", "G2>u1", "G2>u3", "G3>G2", "G3>u1", "G3>u2"].sort(),
    );
  });

  it("reports how each member belongs to a group and finds ancestors", () => {
    const g = build();
    expect(Object.fromEntries(g.membershipOf("G2"))).toEqual({ u2: true, G3: true, u3: false, G1: false, u1: false });
    expect([...g.ancestorsOf(["u3"])].sort()).toEqual(["G1", "G2", "G3"]);
    expect([...g.ancestorsOf(["u1"])].sort()).toEqual(["G1", "G2", "G3", "G4"]);
  });

  it("updates after removals", () => {
    const g = build();
    g.removeDirect("G3", "G1");
    g.removeObject("u2");
    expect(Object.fromEntries(g.membershipOf("G1"))).toEqual({ u1: true, G2: true, G3: false, u3: false });
    expect(g.membershipOf("G3").size).toBe(1);
  });
});
