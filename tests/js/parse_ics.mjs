// Parse an .ics file with Mozilla's ical.js (Thunderbird's parser) and print its events as JSON.
//
// Usage: node tests/js/parse_ics.mjs FILE
// Prints {"calendar": {...properties}, "events": [{uid, summary, start, end, allDay, ...}]}
// with `start`/`end` as UTC instants (ISO 8601, "Z") for timed events and dates for all-day
// ones, so tests can compare every instant with Python's zoneinfo.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const root = new ICAL.Component(ICAL.parse(text));

// Register the feed's own VTIMEZONEs so TZID=... times resolve through them (as Thunderbird does).
for (const vtz of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
}

function instant(time) {
  if (time.isDate) return time.toString(); // YYYY-MM-DD
  return time.toJSDate().toISOString().replace(/\.000Z$/, "Z");
}

const events = root.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const dtstart = component.getFirstProperty("dtstart");
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    start: instant(event.startDate),
    end: instant(event.endDate),
    allDay: event.startDate.isDate,
    tzid: dtstart.getParameter("tzid") ?? null,
    zone: event.startDate.zone ? event.startDate.zone.tzid : null,
    sequence: event.sequence,
    categories: component.getAllProperties("categories").flatMap((p) => p.getValues()),
  };
});

const calendar = {};
for (const name of ["prodid", "version", "method", "x-wr-calname", "name", "refresh-interval", "x-published-ttl"]) {
  const prop = root.getFirstProperty(name);
  calendar[name] = prop ? String(prop.getFirstValue()) : null;
}
process.stdout.write(JSON.stringify({ calendar, events }) + "\n");
