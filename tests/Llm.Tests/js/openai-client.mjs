// Calls our OpenAI-compatible API with the official openai npm client, plain and streaming.
// Input (stdin JSON): {baseURL, model}. Output (stdout JSON): what the client saw.
import OpenAI from "openai";

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.on("data", (d) => (text += d));
  process.stdin.on("end", () => resolve(text));
}));
const client = new OpenAI({ baseURL: input.baseURL, apiKey: "not-needed", maxRetries: 0 });
const messages = [{ role: "user", content: "Say hello" }];

const plain = await client.chat.completions.create({ model: input.model, messages, max_tokens: 50 });
const stream = await client.chat.completions.create({
  model: input.model, messages, max_tokens: 50, stream: true, stream_options: { include_usage: true },
});
let text = "";
let usage = null;
let chunks = 0;
for await (const chunk of stream) {
  chunks++;
  if (chunk.choices.length > 0) text += chunk.choices[0].delta?.content ?? "";
  if (chunk.usage) usage = chunk.usage;
}
let budgetError = null;
try {
  await client.chat.completions.create({ model: input.model, messages, user: input.brokeUser });
} catch (e) {
  budgetError = { status: e.status, code: e.code, message: e.message };
}
const models = await client.models.list();
process.stdout.write(JSON.stringify({
  plain: { content: plain.choices[0].message.content, finish: plain.choices[0].finish_reason, usage: plain.usage, routing: plain.routing_info },
  stream: { text, usage, chunks },
  budgetError,
  modelCount: models.data.length,
}));
