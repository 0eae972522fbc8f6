import * as fs from "fs"; import * as path from "path"; import * as os from "os";
import { main } from "./main";
const corpus = path.resolve("test/bad-input");
for (const c of fs.readFileSync("/tmp/new.txt", "utf8").trim().split("\n")) {
  const dir = path.join(corpus, c, "regions");
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bi-"));
  let err = ""; const code = main({ PLATFORM_REGIONS_DIR: dir, CDKTF_OUTDIR: path.join(out, "o") }, { write: (t: string) => (err += t) }, { write: () => 0 });
  fs.rmSync(out, { recursive: true, force: true });
  console.log(`=== ${c} exit ${code}\n${err}`);
}
