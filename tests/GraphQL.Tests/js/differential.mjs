// Differential peer: reads {sdl, cases, introspections} JSON on stdin, answers with graphql-js 16's view of the same inputs.
import { buildSchema, buildClientSchema, printSchema, parse, validate, execute, GraphQLError } from 'graphql';

const input = JSON.parse(await new Promise((resolve) => {
  let s = '';
  process.stdin.on('data', (d) => (s += d));
  process.stdin.on('end', () => resolve(s));
}));

const characters = [
  { id: '1000', name: 'Luke Skywalker', friends: ['1002', '1003', '2000', '2001'], appearsIn: ['NEWHOPE', 'EMPIRE', 'JEDI'], homePlanet: 'Tatooine' },
  { id: '1001', name: 'Darth Vader', friends: ['1004'], appearsIn: ['NEWHOPE', 'EMPIRE', 'JEDI'], homePlanet: 'Tatooine' },
  { id: '1002', name: 'Han Solo', friends: ['1000', '1003', '2001'], appearsIn: ['NEWHOPE', 'EMPIRE', 'JEDI'], homePlanet: null },
  { id: '1003', name: 'Leia Organa', friends: ['1000', '1002', '2000', '2001'], appearsIn: ['NEWHOPE', 'EMPIRE', 'JEDI'], homePlanet: 'Alderaan' },
  { id: '1004', name: 'Wilhuff Tarkin', friends: ['1001'], appearsIn: ['NEWHOPE'], homePlanet: null },
  { id: '2000', name: 'C-3PO', friends: ['1000', '1002', '1003', '2001'], appearsIn: ['NEWHOPE', 'EMPIRE', 'JEDI'], primaryFunction: 'Protocol' },
  { id: '2001', name: 'R2-D2', friends: ['1000', '1002', '1003'], appearsIn: ['NEWHOPE', 'EMPIRE', 'JEDI'], primaryFunction: 'Astromech' },
];
const byId = Object.fromEntries(characters.map((c) => [c.id, c]));
const isDroid = (c) => c.primaryFunction !== undefined;

function starWars(sdl) {
  const schema = buildSchema(sdl);
  const typeOf = (c) => (isDroid(c) ? 'Droid' : 'Human');
  schema.getType('Character').resolveType = typeOf;
  schema.getType('SearchResult').resolveType = typeOf;
  const f = (t, n) => schema.getType(t).getFields()[n];
  f('Query', 'hero').resolve = (_, a) => (a.episode === 'EMPIRE' ? byId['1000'] : byId['2001']);
  f('Query', 'human').resolve = (_, a) => (byId[a.id] && !isDroid(byId[a.id]) ? byId[a.id] : null);
  f('Query', 'droid').resolve = (_, a) => (byId[a.id] && isDroid(byId[a.id]) ? byId[a.id] : null);
  f('Query', 'search').resolve = (_, a) => characters.filter((c) => c.name.toLowerCase().includes(a.text.toLowerCase()));
  f('Mutation', 'createReview').resolve = (_, a) => ({ episode: a.episode, stars: a.review.stars, commentary: a.review.commentary });
  for (const t of ['Human', 'Droid']) {
    f(t, 'friends').resolve = (c) => c.friends.map((id) => byId[id]);
    f(t, 'secretBackstory').resolve = () => { throw new Error('secretBackstory is secret.'); };
  }
  return schema;
}

const strip = (e) => ({ message: e.message, locations: e.locations, path: e.path });
const out = { cases: [], printed: [] };
const schema = input.sdl ? starWars(input.sdl) : null;
for (const c of input.cases ?? []) {
  let doc;
  try {
    doc = parse(c.query);
  } catch (e) {
    out.cases.push({ syntax: strip(e) });
    continue;
  }
  const errors = validate(schema, doc);
  if (errors.length > 0) {
    out.cases.push({ validation: errors.map(strip) });
    continue;
  }
  const r = await execute({ schema, document: doc, variableValues: c.variables ?? undefined, operationName: c.operationName ?? undefined });
  out.cases.push({ result: { errors: r.errors?.map(strip), data: r.data } });
}
for (const intro of input.introspections ?? []) out.printed.push(printSchema(buildClientSchema(intro)));
process.stdout.write(JSON.stringify(out));
