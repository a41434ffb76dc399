import { describe, expect, it } from "vitest";
import { MIN_DAYS, clusterZoom, daysOf, itemKey, zoomIn, zoomOf, zoomOut } from "./logic";

// The chart's layout is the core's (src-tauri/core/src/domain/timeline, tested there); the
// window keeps the zoom steps.
describe("timeline zoom", () => {
  it("zooms in and out within bounds, naming a preset when it is one", () => {
    expect(zoomIn(366)).toBe(183);
    expect(zoomIn(20)).toBe(MIN_DAYS);
    expect(zoomOut(366, 2000)).toBe(732);
    expect(zoomOut(1500, 2000)).toBe(2000);
    expect(zoomOut(200, 100)).toBe(366);
    expect(zoomOf(zoomOut(zoomIn(366), 2000), 2000)).toBe("year");
    expect(zoomOf(92, 2000)).toBe("quarter");
    expect(zoomOf(2000, 2000)).toBe("all");
    expect(zoomOf(45, 2000)).toBe(45);
  });

  it("knows the days a zoom shows before the core answers, within the core's bounds", () => {
    expect(daysOf("quarter", 2000)).toBe(92);
    expect(daysOf("year", 2000)).toBe(366);
    expect(daysOf("all", 2000)).toBe(2000);
    expect(daysOf(5, 2000)).toBe(MIN_DAYS);
    expect(daysOf(5000, 2000)).toBe(2000);
    expect(daysOf(5000, 100)).toBe(366);
    // + then − comes back to a year before either answer is in
    expect(zoomOf(zoomOut(daysOf(zoomOf(zoomIn(daysOf("year", 2000)), 2000), 2000), 2000), 2000)).toBe("year");
  });

  it("zooms in on a cluster's period to three times its length, never out", () => {
    expect(clusterZoom({ from: "2027-03-01", to: "2027-03-11" }, 366)).toBe(37);
    expect(clusterZoom({ from: "2027-03-01", to: "2027-03-01" }, 366)).toBe(MIN_DAYS);
    expect(clusterZoom({ from: "2027-01-01", to: "2027-12-31" }, 366)).toBe(366);
  });

  it("keys an item by its kind and id, as its test id", () => {
    expect(itemKey({ kind: "activity", id: "a1" })).toBe("activity-a1");
  });
});
