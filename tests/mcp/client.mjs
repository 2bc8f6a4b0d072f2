// client.mjs: drives `finops mcp` with the official MCP TypeScript SDK client: initialize, list and
// call every tool, read resources, get the prompt, approve through the tool; then raw malformed
// JSON-RPC over the same stdio pipe, which must get JSON-RPC errors and never a crash or a hang.
// usage: node client.mjs FINOPS CONFIG EXPECT.json
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

const [finops, config, expectPath] = process.argv.slice(2);
const expect = JSON.parse(readFileSync(expectPath, "utf8"));
let pass = 0;
const fails = [];
const check = (cond, what) => (cond ? pass++ : fails.push(what));

async function connect(email) {
  const transport = new StdioClientTransport({ command: finops, args: ["mcp", "--as", email, "-c", config], stderr: "pipe" });
  const client = new Client({ name: "finops-test", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

const text = (r) => (r.content || []).map((c) => c.text || "").join("");

// ---- the product owner of DemoApp ----
{
  const c = await connect("pat@example.com");
  const info = c.getServerVersion();
  check(info && info.name === "finops-agent-bill", `serverInfo ${JSON.stringify(info)}`);
  const caps = c.getServerCapabilities();
  check(caps.tools && caps.resources && caps.prompts, `capabilities ${JSON.stringify(caps)}`);
  check(/Agent Bill/.test(c.getInstructions() || ""), "instructions");

  const { tools } = await c.listTools();
  const names = tools.map((t) => t.name);
  for (const want of expect.tools)
    check(names.includes(want), `tool ${want} listed`);
  check(!names.includes("approve_spend"), "a product owner gets no approve_spend tool");
  for (const t of tools) {
    check(t.inputSchema && t.inputSchema.type === "object" && t.inputSchema.additionalProperties === false,
      `${t.name}: object schema`);
    check(typeof t.description === "string" && t.description.length > 20, `${t.name}: description`);
  }
  // call every tool
  for (const t of tools) {
    const args = t.name === "ask" ? { question: "Am I within my AI estimate this month?" } : {};
    const r = await c.callTool({ name: t.name, arguments: args });
    const s = text(r);
    check(!r.isError && s.length > 20, `${t.name}: answered (${s.slice(0, 80)})`);
    check(t.name === "ask" || /Source: /.test(s) || t.name === "help", `${t.name}: Source line`);
    for (const f of expect.pat[t.name] || [])
      check(s.includes(f), `${t.name}: '${f}' missing in: ${s}`);
    for (const bad of expect.pat_outside)
      check(!s.includes(bad), `${t.name}: names '${bad}' outside the scope`);
  }
  // a node argument: in scope, loosely matched; out of scope answers like a non-existent node
  let r = await c.callTool({ name: "cache_hit_rate", arguments: { node: "demoapp" } });
  check(text(r).includes("18.0%"), `node "demoapp": ${text(r)}`);
  const a1 = text(await c.callTool({ name: "total_spend", arguments: { node: "HR Portal" } })).replace("HR Portal", "X");
  const a2 = text(await c.callTool({ name: "total_spend", arguments: { node: "Zephyr Quillon" } })).replace("Zephyr Quillon", "X");
  check(a1 === a2 && /can't find/.test(a1), `out of scope vs non-existent:\n${a1}\n${a2}`);
  // invalid arguments are tool errors the model can correct
  r = await c.callTool({ name: "spend_by_workload", arguments: { top: "three" } });
  check(r.isError === true, "invalid argument: isError");
  r = await c.callTool({ name: "total_spend", arguments: { nonsense: 1 } });
  check(r.isError === true, "unknown argument: isError");
  // an unknown tool, and approve_spend for someone who may not approve: JSON-RPC errors
  for (const name of ["no_such_tool", "approve_spend"]) {
    try {
      await c.callTool({ name, arguments: {} });
      check(false, `${name}: no error`);
    } catch (e) {
      check(e.code === -32602, `${name}: error code ${e.code}`);
    }
  }
  // resources: the pack's files only
  const { resources } = await c.listResources();
  check(resources.length >= 3, `resources: ${resources.length}`);
  check(resources.every((x) => x.uri.includes("FinOpsCenter_DemoApp")), "resources: only the person's pack");
  const csv = resources.find((x) => x.uri.endsWith("tasks.csv"));
  const rc = await c.readResource({ uri: csv.uri });
  check(rc.contents[0].text.startsWith("task_id,period,node_path"), "read tasks.csv");
  const png = resources.find((x) => x.mimeType === "image/png");
  const rp = await c.readResource({ uri: png.uri });
  check(Buffer.from(rp.contents[0].blob, "base64").subarray(1, 4).toString() === "PNG", "read a PNG chart");
  const xl = resources.find((x) => x.uri.endsWith(".xlsx"));
  const rx = await c.readResource({ uri: xl.uri });
  check(Buffer.from(rx.contents[0].blob, "base64").subarray(0, 2).toString() === "PK", "read the workbook");
  try {
    await c.readResource({ uri: "finops://2026-11/nodes/Enterprise/Enterprise_Applications/tasks.csv" });
    check(false, "a file outside the pack was served");
  } catch (e) {
    check(e.code === -32002, `outside resource: code ${e.code}`);
  }
  // the prompt
  const { prompts } = await c.listPrompts();
  check(prompts.some((p) => p.name === "agent-bill"), "prompt listed");
  const p = await c.getPrompt({ name: "agent-bill", arguments: { question: "How am I doing?" } });
  const pt = p.messages[0].content.text;
  check(/Agent Bill/.test(pt) && pt.includes("Pat Owner") && pt.includes("product_owner"), `prompt: ${pt}`);
  await c.close();
}

// ---- the FinOps leader approves through the tool ----
{
  const c = await connect("lee@example.com");
  const { tools } = await c.listTools();
  check(tools.some((t) => t.name === "approve_spend"), "the FinOps leader gets approve_spend");
  const r = await c.callTool({ name: "approve_spend",
    arguments: { workload: "demo-app", usd: 250.5, until: "2099-12-31", reason: "Launch week" } });
  check(!r.isError && text(r).includes("250.50 USD"), `approve_spend: ${text(r)}`);
  const b = await c.callTool({ name: "budget", arguments: { node: "FinOpsCenter DemoApp" } });
  check(text(b).includes("approved up to $250.50"), `budget after approval: ${text(b)}`);
  const bad = await c.callTool({ name: "approve_spend",
    arguments: { workload: "demo-app", usd: -5, until: "2099-12-31", reason: "x" } });
  check(bad.isError === true, "negative amount refused");
  const m = await c.callTool({ name: "map_credits", arguments: {} });
  for (const f of expect.lee.map_credits)
    check(text(m).includes(f), `leader map_credits: '${f}' missing in ${text(m)}`);
  await c.close();
}

// ---- the portfolio manager may approve only in the portfolio ----
{
  const c = await connect("morgan@example.com");
  const r = await c.callTool({ name: "approve_spend",
    arguments: { workload: "demo-app", usd: "10", until: "2099-12-31", reason: "x" } });
  check(r.isError === true && /can't find/.test(text(r)), `outside approval refused like a non-existent workload: ${text(r)}`);
  await c.close();
}

// ---- raw JSON-RPC: malformed messages and protocol revisions ----
function raw(lines) {
  return new Promise((resolve) => {
    const p = spawn(finops, ["mcp", "--as", "pat@example.com", "-c", config]);
    let out = "";
    const timer = setTimeout(() => { p.kill("SIGKILL"); resolve({ out, code: "hang" }); }, 20000);
    p.stdout.on("data", (d) => (out += d));
    p.on("close", (code, signal) => { clearTimeout(timer); resolve({ out, code: signal || code }); });
    p.stdin.end(lines.join("\n") + "\n");
  });
}
const init = (v, id) => JSON.stringify({ jsonrpc: "2.0", id, method: "initialize",
  params: { protocolVersion: v, capabilities: {}, clientInfo: { name: "raw", version: "0" } } });
const { out, code } = await raw([
  init("2024-11-05", 1),
  init("1999-01-01", 2),
  "this is not json",
  '{"jsonrpc":"2.0","id":3,"method":"tools/list"',
  "[]",
  '[{"jsonrpc":"2.0","id":4,"method":"ping"}]',
  '"just a string"',
  '{"jsonrpc":"1.0","id":5,"method":"ping"}',
  '{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}',
  '{"jsonrpc":"2.0","id":6}',
  '{"jsonrpc":"2.0","id":7,"method":42}',
  '{"jsonrpc":"2.0","id":8,"method":"no/such/method"}',
  '{"jsonrpc":"2.0","id":9,"method":"tools/call","params":[1,2]}',
  '{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{}}',
  '{"jsonrpc":"2.0","id":11,"method":"resources/read","params":{"uri":"file:///etc/passwd"}}',
  '{"jsonrpc":"2.0","id":12,"method":"prompts/get","params":{"name":"nope"}}',
  '{"jsonrpc":"2.0","method":"notifications/initialized"}',
  '{"jsonrpc":"2.0","id":13,"method":"ping","params":{},"id":14}',
  '{"jsonrpc":"2.0","id":15,"method":"tools/call","params":{"name":"ask","arguments":{"question":"' + "x".repeat(200000) + '"}}}',
  "\u0000\u0001\u0002",
  '{"jsonrpc":"2.0","id":"last","method":"ping"}',
]);
check(code === 0, `server exit: ${code}`);
const msgs = out.trim().split("\n").map((l) => JSON.parse(l));
const byId = (id) => msgs.find((m) => JSON.stringify(m.id) === JSON.stringify(id));
check(byId(1) && byId(1).result.protocolVersion === "2024-11-05", "older revision accepted");
check(byId(2) && byId(2).result.protocolVersion === LATEST_PROTOCOL_VERSION && LATEST_PROTOCOL_VERSION === "2025-11-25",
  `unknown revision answered with the current one: ${JSON.stringify(byId(2))}`);
const errs = msgs.filter((m) => m.error).map((m) => m.error.code);
const want = [-32700, -32700, -32600, -32600, -32600, -32600, -32600, -32600, -32600, -32601, -32602, -32602, -32002,
  -32602, -32700, -32700];
check(JSON.stringify(errs.slice().sort()) === JSON.stringify(want.slice().sort()),
  `error codes ${JSON.stringify(errs)} want ${JSON.stringify(want)}`);
check(msgs.every((m) => m.jsonrpc === "2.0"), "every response is JSON-RPC 2.0");
check(byId(15) && byId(15).result && byId(15).result.content, "a long question is answered");
check(byId("last") && byId("last").result && Object.keys(byId("last").result).length === 0, "the server still answers at the end");

console.log(`client.mjs: ${pass} passed, ${fails.length} failed`);
for (const f of fails) console.error("FAIL:", f);
process.exit(fails.length ? 1 : 0);
