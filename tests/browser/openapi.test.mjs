// The API's description, web/static/api/openapi.json, checked by a validator
// that is not ours (@apidevtools/swagger-parser, against the OpenAPI 3.0
// schema): a document it refuses is one a client generator refuses too.
// tests/app/api_spec_test.cpp checks the same document against the routes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";

const documentPath = fileURLToPath(new URL("../../web/static/api/openapi.json", import.meta.url));

async function readDocument() {
  return JSON.parse(await readFile(documentPath, "utf8"));
}

test("openapi.json is a valid OpenAPI 3.0 document", async () => {
  // validate() parses, resolves every $ref and checks the whole document
  // against the OpenAPI 3.0 schema. (For 3.x it checks nothing beyond the
  // schema: path parameters and the like are api_spec_test.cpp's part.)
  const api = await SwaggerParser.validate(documentPath);
  assert.match(api.openapi, /^3\.0\.\d+$/);
  assert.ok(Object.keys(api.paths).length > 0);
});

test("the validator refuses what OpenAPI 3.0 forbids, so a pass means something", async () => {
  const doc = await readDocument();
  const [name, schema] = Object.entries(doc.components.schemas).find(([, s]) => s.properties);
  schema.required = [];
  await assert.rejects(SwaggerParser.validate(doc), (error) => {
    assert.match(error.message, /required/, `${name}: ${error.message}`);
    return true;
  });

  const dangling = await readDocument();
  dangling.components.schemas.Error.properties.error.$ref = "#/components/schemas/Nowhere";
  await assert.rejects(SwaggerParser.validate(dangling), (error) => {
    assert.match(error.message, /Nowhere/, error.message);
    return true;
  });

  const undescribed = await readDocument();
  const operation = Object.values(undescribed.paths).find((item) => item.get).get;
  delete operation.responses["200"].description;
  await assert.rejects(SwaggerParser.validate(undescribed), (error) => {
    assert.match(error.message, /description/, error.message);
    return true;
  });
});
