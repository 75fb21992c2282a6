// The benchmark's outside reference: Garmin's official JavaScript FIT SDK
// decoding every FIT file under the folders given (gunzipping .fit.gz), with
// its default options. `make bench` installs @garmin/fitsdk into a folder of
// its own and runs this with NODE_PATH pointing there.
//
//   node decode.mjs FOLDER...
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Decoder, Stream } from "@garmin/fitsdk";

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

let files = 0, bytes = 0, records = 0;
for (const root of process.argv.slice(2)) {
  for (const path of walk(root)) {
    let data = readFileSync(path);
    if (path.endsWith(".gz")) data = gunzipSync(data);
    files++;
    bytes += data.length;
    const decoder = new Decoder(Stream.fromBuffer(data));
    const { messages, errors } = decoder.read();
    if (errors.length > 0) {
      console.error(`${path}: ${errors[0]}`);
      process.exit(1);
    }
    records += (messages.recordMesgs || []).length;
  }
}
console.log(`${files} files, ${bytes} bytes, ${records} records`);
