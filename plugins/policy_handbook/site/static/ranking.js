// Search in staff's words: reads a query as ideas, asks Pagefind's JavaScript API which pages
// hold them, and ranks the sections of those pages. Used by search.js (the search page);
// written into the site as search/ranking.js by plugins/policy_handbook/site/search.py.
//
// 1. The query is read as ideas. A word or phrase from data/synonyms.yaml stands for its whole
//    group ("DM": dm, direct message, private message…); other words stand for themselves;
//    little words ("of", "the", "what") are dropped unless they are all there is.
// 2. Pagefind finds the pages holding each word or phrase of each idea, by an exact search
//    (in quotes): it still matches word forms ("trolls" finds "troll"), but does not take
//    "of" for "Ofsted" or, for a word it does not know, fall back to a shorter one ("angry"
//    finding "an"). Only when nothing is found that way is the search relaxed, one step at a
//    time (`relax`): the typed word as a beginning ("MP": "MPs", "chai": "chain", "harass":
//    "harassment"), then shorter beginnings of it, for a word family the stemmer does not
//    join ("sarcasm": "sarcastic", "discriminate": "discriminatory"), then the words of the
//    handbook spelt closest to it ("harrasment": "harassment"). The results say what was
//    searched instead.
// 3. In the best pages (CANDIDATE_PAGES, by how many ideas they hold), each section (a heading
//    and everything under it up to the next heading of its level or above) scores by how many
//    of the ideas it holds together (in its heading, or within WINDOW_WORDS words of its text),
//    then by how often, rarer ideas and ideas in the heading weighing more. A section whose
//    every match is in a section listed above it is left out.
// Everything from the index is returned as plain text; search.js writes it as text.

const STOPWORDS = new Set(
  (
    "a an and are as at be been but by can could do does for from had has have how i if in " +
    "into is it its me my no not of on or our should so someone something than that the their " +
    "them then there they this to us was we were what when where which who why will with would " +
    "you your am being about any just also get got did"
  ).split(" "),
);
const MAX_RESULTS = 20;
const CANDIDATE_PAGES = 30; // pages whose sections are scored (each a fragment to fetch)
const EXCERPT_WORDS = 28;
const WINDOW_WORDS = 30; // words "together": within a stretch of this many
const HEADING_BONUS = 2; // an idea in the section's own heading, on the log scale of its count
const OWN_WORD_BONUS = 1; // more when the heading holds the word as typed, not a synonym of it
// Pages for all organisations (the replies by situation, say) repeat organisations' own pages;
// the organisation's own page comes first when the two hold a match about equally.
const SITE_PAGE_FACTOR = 0.9;
// A page the handbook did not make (the accessibility statement) is about the site, not the
// policies: its sections come after theirs unless they hold clearly more.
const OWN_PAGE_FACTOR = 0.6;

// --- reading the query ------------------------------------------------------------------------

function words(text) {
  return text
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[\u2018\u2019]/g, "'")
    .split(/[^\p{L}\p{N}'-]+/u)
    .map((word) => word.replace(/^['-]+|['-]+$/g, ""))
    .filter(Boolean);
}

// A word or phrase of the synonyms file, or typed, as it is looked up: its words' stems.
function key(phrase) {
  return phrase.map(stem).join(" ");
}

export function ideas(query) {
  const tokens = words(query);
  const found = [];
  const used = new Set();
  let i = 0;
  while (i < tokens.length) {
    let match = null;
    for (let n = Math.min(4, tokens.length - i); n >= 1 && !match; n--) {
      const phrase = tokens.slice(i, i + n);
      const group = lookup.get(key(phrase));
      if (group !== undefined) match = { group, n, typed: phrase.join(" ") };
    }
    if (match) {
      if (!used.has(match.group)) {
        used.add(match.group);
        found.push({ terms: [match.typed, ...groups[match.group]], stop: false });
      }
      i += match.n;
    } else {
      found.push({ terms: [tokens[i]], stop: STOPWORDS.has(tokens[i]) });
      i += 1;
    }
  }
  const meaningful = found.filter((idea) => !idea.stop);
  return meaningful.length ? meaningful : found;
}

// A rough English stem, to tell whether a word of a page is a form of a term: "trolls",
// "trolling" -> "troll"; "posted", "posting" -> "post"; "families" -> "family".
function plain(word) {
  return word.toLowerCase().normalize("NFKD").replace(/[^\p{L}\p{N}]/gu, "");
}

function stem(word) {
  let w = plain(word.replace(/['\u2019]s\W*$/i, ""));
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  // The plural of a short word, an abbreviation most often: "MPs", "DMs".
  if (w.length <= 4 && w.length >= 3 && w.endsWith("s") && !w.endsWith("ss")) return w.slice(0, -1);
  for (const suffix of ["ing", "ed", "es", "s", "ly"]) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1);
  if (w.length > 3 && w.at(-1) === w.at(-2) && !/[aeioulsz]/.test(w.at(-1))) w = w.slice(0, -1);
  return w;
}

// Whether a word of a page is a form of one of the terms: the same stem, or stems of three
// letters or more where one is the other and up to two more ("complain", "complaint").
// "Direct/private" is a form of "direct" and of "private".
function isFormOf(word, terms) {
  const parts = word.split(/[/\u2013\u2014-]+/).map(stem).filter(Boolean);
  return terms.some((term) =>
    term.split(" ").some((termPart) => {
      const t = stem(termPart);
      return parts.some((w) => {
        if (w === t) return true;
        const [short, long] = w.length < t.length ? [w, t] : [t, w];
        return short.length >= 3 && long.length - short.length <= 2 && long.startsWith(short);
      });
    }),
  );
}

let groups = [];
let minSearched = 3;
const lookup = new Map(); // a member's key -> its group's index

// The synonym groups (data/synonyms.yaml) and the shortest term searched on its own.
export function configure(synonyms, shortest) {
  groups = synonyms;
  minSearched = shortest;
  lookup.clear();
  groups.forEach((group, index) => {
    for (const member of group) {
      const k = key(words(member));
      if (!lookup.has(k)) lookup.set(k, index);
    }
  });
}

// --- searching --------------------------------------------------------------------------------

let pagefind = null;
let totalPages = 1;

async function load() {
  if (!pagefind) {
    const bundle = new URL("../pagefind/", import.meta.url);
    pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({ excerptLength: EXCERPT_WORDS });
    const entry = await (await fetch(new URL("pagefind-entry.json", bundle))).json();
    totalPages = Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0) || 1;
  }
  return pagefind;
}

// Which pages hold an idea. Pagefind's exact search ("in quotes") says which pages hold a
// word or phrase, in any of its forms ("trolls": "troll", "trolling"), and nothing more: its
// ordinary search adds words the term merely begins ("of": "Ofsted") or, for a word it does
// not know, a shorter one ("angry": "an"). Where in each page is found afterwards (`places`).
async function searchIdea(api, idea) {
  const typed = idea.terms[0];
  // Terms of one or two letters ("x", "pm") only when typed: they would match too much.
  const terms = [...new Set(idea.terms.filter((t) => t === typed || t.length >= minSearched))];
  const found = await Promise.all(
    terms.map(async (term) => [term, (await api.search(`"${term}"`))?.results || []]),
  );
  return held(found, typed, null);
}

// An idea that no section held, searched again more loosely; the idea as it was otherwise.
async function relaxIdea(api, idea) {
  if (idea.relaxed || idea.typed.includes(" ")) return idea;
  const instead = await relax(api, idea.typed);
  return instead ? held(instead.found, idea.typed, instead.words) : idea;
}

// The pages holding an idea, from its terms' results, and how rare it is.
function held(found, typed, relaxed) {
  const pages = new Map(); // page id -> {result, terms}
  for (const [term, results] of found) {
    for (const result of results) {
      const page = pages.get(result.id) || { result, terms: [] };
      page.terms.push(term);
      pages.set(result.id, page);
    }
  }
  const rarity = Math.log(1 + totalPages / Math.max(1, pages.size));
  return { pages, rarity, typed, relaxed };
}

// The shortest beginning of a word searched for its family, and how many letters may go.
const SHORTEST_BEGINNING = 4;
const LETTERS_CUT = 3;
const SPELLING_PAGES = 30; // pages whose words are read for a close spelling

// A word that nothing holds as typed, searched more loosely: [term, results] pairs to use
// instead, and the words of the handbook they stand for. A term "word*" is a beginning.
async function relax(api, typed) {
  // As a beginning ("mp": "mps"), then shorter ones ("sarcasm": "sarcas", for "sarcastic").
  for (let cut = 0; cut <= LETTERS_CUT; cut++) {
    const start = typed.slice(0, typed.length - cut);
    if (start.length < (cut ? SHORTEST_BEGINNING : 2)) break;
    const results = (await api.search(start))?.results || [];
    // As typed, a form of the word counts too ("ehcp" for "EHC", as "complaint" for "complain").
    const holding = await wordsStarting(results, start, cut ? null : typed);
    if (holding.length) {
      const terms = cut ? [`${start}*`] : [`${start}*`, typed];
      return { found: terms.map((term) => [term, results]), words: holding };
    }
  }
  // Spelt closest: the words of pages that hold a word beginning as it does.
  if (typed.length < 5) return null;
  const results = ((await api.search(typed.slice(0, 3)))?.results || []).slice(0, SPELLING_PAGES);
  const most = typed.length >= 8 ? 2 : 1;
  let best = most + 1;
  let closest = new Set();
  for (const result of results) {
    for (const word of (await result.data()).content.split(/\s+/)) {
      const w = plain(word);
      if (w[0] !== typed[0] || Math.abs(w.length - typed.length) > most) continue;
      const d = distance(w, typed);
      if (d < best) [best, closest] = [d, new Set([w])];
      else if (d === best) closest.add(w);
    }
  }
  if (!closest.size) return null;
  const words = [...closest].sort();
  const found = await Promise.all(
    words.map(async (w) => [w, (await api.search(`"${w}"`))?.results || []]),
  );
  return { found, words };
}

// The words of the first pages found that begin with `start`, in order: what a beginning found.
async function wordsStarting(results, start, typed) {
  const words = new Set();
  for (const result of results.slice(0, SPELLING_PAGES)) {
    for (const word of (await result.data()).content.split(/\s+/)) {
      const w = plain(word);
      if (w.startsWith(start) || (typed && isFormOf(word, [typed]))) words.add(w);
    }
  }
  return [...words].sort();
}

// Edits from one word to the other: letters added, dropped, changed or swapped.
function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const change = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + change);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

// Where in a page's words a term (a word or a phrase) is: a phrase's words one after another.
function places(pageWords, term) {
  if (term.endsWith("*")) {
    const start = term.slice(0, -1);
    return pageWords.flatMap((word, at) => (plain(word).startsWith(start) ? [at] : []));
  }
  const parts = term.split(" ");
  const found = [];
  for (let at = 0; at + parts.length <= pageWords.length; at++) {
    if (parts.every((part, i) => isFormOf(pageWords[at + i], [part]))) {
      parts.forEach((_, i) => found.push(at + i));
    }
  }
  return found;
}

// A page's sections: before the first heading, then each heading with everything under it up
// to the next heading of its level or above (the page's h1: up to the next heading).
function sectionsOf(data) {
  const anchors = (data.anchors || [])
    .filter((a) => /^h\d$/i.test(a.element) && a.text && /\S/.test(a.text))
    .sort((a, b) => a.location - b.location);
  const first = anchors.length ? anchors[0].location : Infinity;
  const sections = [{ start: 0, end: first, title: data.meta.title || "", url: data.url }];
  anchors.forEach((anchor, i) => {
    const level = Number(anchor.element[1]);
    const next = anchors
      .slice(i + 1)
      .find((a) => level === 1 || Number(a.element[1]) <= level);
    const url = new URL(data.url, location.href);
    url.hash = anchor.id;
    sections.push({
      start: anchor.location,
      end: next ? next.location : Infinity,
      title: anchor.text.trim(),
      url: url.pathname + url.hash,
      headingWords: anchor.text.trim().split(/\s+/).length,
    });
  });
  return sections.filter((section) => section.end > section.start);
}

// Each candidate page's sections, with the places each idea was found in them.
async function scorePage(pageId, perIdea) {
  const holding = perIdea.map((idea) => idea.pages.get(pageId));
  const first = holding.find(Boolean);
  if (!first) return [];
  const data = await first.result.data();
  const wordsOfPage = data.content.split(/[\r\n\s]+/g);
  const hits = [];
  holding.forEach((page, index) => {
    const at = new Set(); // a word found by two terms of one idea counts once
    for (const term of page?.terms || []) places(wordsOfPage, term).forEach((a) => at.add(a));
    for (const a of [...at].sort((x, y) => x - y)) hits.push({ idea: index, at: a });
  });
  const scored = [];
  for (const section of sectionsOf(data)) {
    const inside = hits.filter((h) => h.at >= section.start && h.at < section.end);
    if (!inside.length) continue;
    const headingEnd = section.start + (section.headingWords || 0);
    const headingHits = inside.filter((h) => h.at < headingEnd);
    const inHeading = new Set(headingHits.map((h) => h.idea));
    const ownWord = new Set(
      headingHits
        .filter((h) => isFormOf(wordsOfPage[h.at], [perIdea[h.idea].typed]))
        .map((h) => h.idea),
    );
    // A heading that is nothing but the query, in its words or their synonyms ("Contacts" for
    // "phone", "Posting hours" for "weekend"), names the section asked for: it weighs more
    // than one merely holding some of them.
    const whole =
      inHeading.size === perIdea.length &&
      new Set(headingHits.map((h) => h.at)).size >= (section.headingWords || Infinity);
    const body = inside.filter((h) => h.at >= headingEnd).sort((a, b) => a.at - b.at);
    const window = closest(body, inHeading);
    // How strongly: the heading's ideas, and how often the ideas come in that stretch (not the
    // whole section, or a section would gain on its subsection by what its other parts hold).
    const sums = new Map([...inHeading].map((idea) => [idea, 1]));
    for (const hit of body.filter((h) => h.at >= window.from && h.at < window.from + WINDOW_WORDS)) {
      sums.set(hit.idea, (sums.get(hit.idea) || 0) + 1);
    }
    let strength = 0;
    for (const [index, sum] of sums) {
      let bonus = inHeading.has(index) ? HEADING_BONUS * (whole ? 2 : 1) : 0;
      if (ownWord.has(index)) bonus += OWN_WORD_BONUS;
      strength += perIdea[index].rarity * (Math.log1p(sum) + bonus);
    }
    if (!data.meta.organisation) strength *= data.meta.about ? OWN_PAGE_FACTOR : SITE_PAGE_FACTOR;
    scored.push({
      covered: window.covered,
      strength,
      span: section.end - section.start,
      title: section.title,
      url: section.url,
      pageTitle: data.meta.title || "",
      organisation: data.meta.organisation || "",
      excerpt: excerpt(wordsOfPage, section, headingEnd, window.from, body),
      page: pageId,
      hits: inside.map((h) => h.at),
      ideas: [...new Set(inside.map((h) => h.idea))],
    });
  }
  return scored;
}

// The ideas a section holds together: those in its heading, with those in the stretch of its
// text (of WINDOW_WORDS words) that holds the most of the others. Where that stretch starts.
function closest(body, inHeading) {
  const count = new Map();
  let best = { covered: inHeading.size, found: 0, from: body.length ? body[0].at : null };
  let first = 0;
  for (const hit of body) {
    count.set(hit.idea, (count.get(hit.idea) || 0) + 1);
    while (hit.at - body[first].at >= WINDOW_WORDS) {
      const left = body[first++];
      const n = count.get(left.idea) - 1;
      if (n) count.set(left.idea, n);
      else count.delete(left.idea);
    }
    const covered = new Set([...inHeading, ...count.keys()]).size;
    const found = body.indexOf(hit) - first + 1;
    if (covered > best.covered || (covered === best.covered && found > best.found)) {
      best = { covered, found, from: body[first].at };
    }
  }
  return best;
}

function excerpt(pageWords, section, headingEnd, from, body) {
  const end = Math.min(section.end, pageWords.length);
  const bodyStart = Math.min(headingEnd, Math.max(section.start, end - 1));
  const start = from === null ? bodyStart : Math.max(bodyStart, from - 4);
  const stop = Math.min(end, start + EXCERPT_WORDS);
  const marked = new Set(body.map((h) => h.at));
  return {
    before: start > bodyStart,
    after: stop < end,
    words: pageWords.slice(start, stop).map((word, i) => [word, marked.has(start + i)]),
  };
}

// The sections of the pages holding the most ideas, each scored (not yet in order).
async function rank(perIdea) {
  const candidates = new Map(); // page id -> [ideas found, score]
  for (const idea of perIdea) {
    for (const [id, page] of idea.pages) {
      const [count, score] = candidates.get(id) || [0, 0];
      candidates.set(id, [count + 1, score + idea.rarity * page.terms.length]);
    }
  }
  const pages = [...candidates.entries()]
    .sort((a, b) => b[1][0] - a[1][0] || b[1][1] - a[1][1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, CANDIDATE_PAGES)
    .map(([id]) => id);
  return (await Promise.all(pages.map((id) => scorePage(id, perIdea)))).flat();
}

export async function search(query) {
  const api = await load();
  const wanted = ideas(query);
  if (!wanted.length) return { sections: [], total: 0, relaxed: [] };
  let perIdea = await Promise.all(wanted.map((idea) => searchIdea(api, idea)));
  let sections = await rank(perIdea);
  // A word no section holds as typed (Pagefind may know its stem, and no word of a page be a
  // form of it): relaxed, and the sections ranked again.
  const missing = perIdea.map((_, i) => !sections.some((s) => s.ideas.includes(i)));
  if (missing.some(Boolean)) {
    perIdea = await Promise.all(perIdea.map((idea, i) => (missing[i] ? relaxIdea(api, idea) : idea)));
    if (perIdea.some((idea) => idea.relaxed)) sections = await rank(perIdea);
  }
  sections.sort(
    (a, b) =>
      b.covered - a.covered ||
      b.strength - a.strength ||
      a.span - b.span ||
      (a.url < b.url ? -1 : 1),
  );
  // Leave out a section whose matches are all in sections already listed (a subsection of a
  // listed section, or the section holding a listed subsection and nothing more).
  // Also leave out a section that repeats one listed from the same page word for word (a
  // page of steps can quote one policy section under several headings).
  const shown = [];
  const listed = new Map(); // page id -> locations already listed
  const excerpts = new Set();
  for (const section of sections) {
    const seen = listed.get(section.page) || new Set();
    if (section.hits.every((at) => seen.has(at))) continue;
    const text = `${section.page} ${section.excerpt.words.map(([word]) => word).join(" ")}`;
    if (excerpts.has(text)) continue;
    excerpts.add(text);
    section.hits.forEach((at) => seen.add(at));
    listed.set(section.page, seen);
    shown.push(section);
  }
  // What was searched instead of a word that nothing held as typed, to say so.
  const relaxed = perIdea
    .filter((idea) => idea.relaxed)
    .map((idea) => ({ typed: idea.typed, instead: idea.relaxed }));
  return { sections: shown.slice(0, MAX_RESULTS), total: shown.length, relaxed };
}

