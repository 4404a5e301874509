// The ideal machine's verdict for one step in words, to set beside what the kernel showed.
import { describeValues, type Allowed, type Naming, type PageAllowed } from "cowlab";

const values = (p: PageAllowed): string => (p.values.length === 1 ? describeValues(p.values) : `one of ${describeValues(p.values)}`);

/** What the ideal machine allows the step to show, or null when it has no opinion. */
export function idealText(a: Allowed | null, naming: Naming): string | null {
  if (a === null) return null;
  switch (a.kind) {
    case "read": {
      const shown = a.pages.map(values).join(", ");
      return a.segvAt === null ? shown : `${shown}${shown === "" ? "" : ", then "}segv at ${naming.page(a.segvAt)}`;
    }
    case "value": return values(a.page);
    case "access": return a.segvAt === null ? "no fault" : `segv at ${naming.page(a.segvAt)}`;
    case "result": return a.ok ? "success" : "must fail";
  }
}

/** True for a step that observes something (its outcome is worth showing beside the ideal's). */
export function isObservation(a: Allowed | null): boolean {
  return a !== null && (a.kind === "read" || a.kind === "value");
}
