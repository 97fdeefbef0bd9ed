import { describe, expect, it } from "vitest";
import { seededRandom } from "../../testing/seeded-random";
import { GroupNesting, inMemoryDirectMembers, MembershipGraph } from "./transitive";

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
    const pairs = [...build().transitiveOnly()]
      .flat()
      .map((m) => `${m.groupProviderId}>${m.memberProviderId}`)
      .sort();
    expect(pairs).toEqual(["G1>G3", "G1>u2", "G1>u3", "G2>G1", "G2>u1", "G2>u3", "G3>G2", "G3>u1", "G3>u2"].sort());
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

  it("GroupNesting (group-in-group edges + member lists read back) gives the same closure on a generated org", async () => {
    // 400 groups, 3,000 users, nesting several levels deep with cycles; every fifth group has a nested group.
    const rand = seededRandom(7);
    const graph = new MembershipGraph();
    const nesting = new GroupNesting();
    const stored = inMemoryDirectMembers();
    const group = (i: number) => `g${i}`;
    for (let i = 0; i < 400; i++) nesting.markGroup(group(i));
    for (let i = 0; i < 400; i++) {
      const members = new Set<string>();
      for (let k = 0, n = Math.floor(rand() * 30); k < n; k++) members.add(`u${Math.floor(rand() * 3000)}`);
      if (i % 5 === 0)
        for (let k = 0, n = 1 + Math.floor(rand() * 3); k < n; k++) members.add(group(Math.floor(rand() * 400)));
      for (const m of members) {
        const isGroup = m.startsWith("g");
        graph.addDirect(group(i), m, isGroup);
        nesting.addDirect(group(i), m, isGroup);
        stored.add({ groupProviderId: group(i), memberProviderId: m, direct: true });
      }
    }
    const key = (m: { groupProviderId: string; memberProviderId: string; direct: boolean }) =>
      `${m.groupProviderId}>${m.memberProviderId}>${m.direct}`;
    const expected = [...graph.transitiveOnly(97)].flat().map(key).sort();
    const got: string[] = [];
    for await (const page of nesting.transitiveOnly(stored.of, 97, 13)) got.push(...page.map(key));
    expect(expected.length).toBeGreaterThan(1000);
    expect(got.sort()).toEqual(expected);
  });

  it("GroupNesting on the cycle example", async () => {
    const n = new GroupNesting();
    const stored = inMemoryDirectMembers();
    for (const [g, m, isGroup] of [
      ["G1", "u1", false],
      ["G1", "G2", true],
      ["G2", "u2", false],
      ["G2", "G3", true],
      ["G3", "u3", false],
      ["G3", "G1", true],
      ["G4", "u1", false],
    ] as const) {
      n.addDirect(g, m, isGroup);
      stored.add({ groupProviderId: g, memberProviderId: m, direct: true });
    }
    const pairs: string[] = [];
    for await (const page of n.transitiveOnly(stored.of))
      pairs.push(...page.map((m) => `${m.groupProviderId}>${m.memberProviderId}`));
    expect(pairs.sort()).toEqual(
      ["G1>G3", "G1>u2", "G1>u3", "G2>G1", "G2>u1", "G2>u3", "G3>G2", "G3>u1", "G3>u2"].sort(),
    );
  });
});
