import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson } from '@impl';

type Request = Parameters<typeof cacheKey>[0];
const ask = (content: Request['messages'][number]['content']): Request => ({ model: 'm', messages: [{ role: 'user', content }] });

/** A request whose answer must follow `schema`, and one whose tool takes `parameters`. */
const withSchema = (schema: Record<string, unknown>): Request => ({ ...ask('Describe Paris.'), response_format: { type: 'json_schema', json_schema: { name: 'city', schema } } });
const withTool = (parameters: Record<string, unknown>): Request => ({ ...ask('Book it.'), tools: [{ type: 'function', function: { name: 'book', parameters } }] });

describe('inside a JSON schema, the order of properties changes the key [ex1.cache-key.schema-order]', () => {
  const nameFirst = { type: 'object', properties: { name: { type: 'string' }, population: { type: 'number' } } };
  const populationFirst = { type: 'object', properties: { population: { type: 'number' }, name: { type: 'string' } } };

  it("gives response formats whose schema lists the same properties in another order different keys", () => {
    expect(cacheKey(withSchema(populationFirst)), 'the model writes the fields in schema order: {"population":…,"name":…} is another answer').not.toBe(cacheKey(withSchema(nameFirst)));
  });

  it("gives tools whose parameters list the same properties in another order different keys", () => {
    expect(cacheKey(withTool(populationFirst)), "a tool call's arguments follow its parameters' order").not.toBe(cacheKey(withTool(nameFirst)));
  });

  it('keeps the order at every level below the schema', () => {
    const nested = (first: 'lat' | 'lon') => ({ type: 'object', properties: { where: { type: 'object', properties: first === 'lat' ? { lat: {}, lon: {} } : { lon: {}, lat: {} } } } });
    expect(cacheKey(withSchema(nested('lon'))), 'a nested object inside the schema keeps its order too').not.toBe(cacheKey(withSchema(nested('lat'))));
  });

  it('writes a schema with its keys in the order given, and sorts everything around it', () => {
    const request = { response_format: { type: 'json_schema', json_schema: { schema: { type: 'object', required: ['b'], properties: { b: {}, a: {} } }, name: 's' } } };
    expect(canonicalJson(request, 'request'), "keys keep their order from request.response_format.json_schema.schema down; json_schema's own keys are sorted").toBe(
      '{"response_format":{"json_schema":{"name":"s","schema":{"type":"object","required":["b"],"properties":{"b":{},"a":{}}}},"type":"json_schema"}}',
    );
  });

  it('sorts the keys of the same schema anywhere else', () => {
    expect(canonicalJson({ type: 'object', properties: { b: {}, a: {} } }), 'outside a request, canonicalJson sorts every object').toBe('{"properties":{"a":{},"b":{}},"type":"object"}');
  });
});

describe('a single text part and the same text as a string are one prompt [ex1.cache-key.text-part]', () => {
  it('gives content "hi" and [{ type: "text", text: "hi" }] the same key', () => {
    expect(cacheKey(ask([{ type: 'text', text: 'hi' }])), 'OpenRouter reads a lone text part as that text: the same prompt, the same key').toBe(cacheKey(ask('hi')));
  });

  it('keeps two text parts apart from their joined text', () => {
    expect(cacheKey(ask([{ type: 'text', text: 'h' }, { type: 'text', text: 'i' }])), 'several parts are not one string').not.toBe(cacheKey(ask('hi')));
  });

  it('keeps a text part that carries more than its text, such as cache_control', () => {
    const marked = ask([{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } } as never]);
    expect(cacheKey(marked), 'only a bare { type, text } part is the same as a string').not.toBe(cacheKey(ask('hi')));
  });

  it('does not change the request it reads', () => {
    const request = ask([{ type: 'text', text: 'hi' }]);
    const before = structuredClone(request);
    cacheKey(request);
    expect(request, 'build new message objects: the caller still holds its content parts').toStrictEqual(before);
  });
});
