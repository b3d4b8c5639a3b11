// warc_read.cjs — read a WARC file with warcio (webrecorder's reader, not
// ours) and print one JSON line per record: its type, WARC headers, HTTP
// status, and whether its digests check. Used by crawler_warc.py.
//
//   node warc_read.cjs NODE_MODULES_DIR FILE.warc.gz
//
// Each file is read twice: with parseHttp off, a record's content is its
// whole block (for WARC-Block-Digest); with it on, warcio parses the HTTP
// head and readFully(true) gives the entity body with the transfer coding
// removed (for WARC-Payload-Digest and to compare with the file served).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const { WARCParser } = require(path.resolve(process.argv[2], "warcio"));
const file = process.argv[3];

function base32(buf) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	let bits = 0, value = 0, out = "";
	for (const b of buf) {
		value = (value << 8) | b;
		bits += 8;
		while (bits >= 5) {
			out += alphabet[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out += alphabet[(value << (5 - bits)) & 31];
	return out;
}

function sha1Label(bytes) {
	return "sha1:" + base32(crypto.createHash("sha1").update(bytes).digest());
}

async function records(parseHttp) {
	const out = [];
	const parser = new WARCParser(fs.createReadStream(file), { parseHttp, keepHeadersCase: true });
	for await (const record of parser) {
		const headers = {};
		for (const [name, value] of record.warcHeaders.headers)
			headers[name] = value;
		const entry = { type: record.warcType, headers, order: Object.keys(headers) };
		if (parseHttp) {
			entry.status = record.httpHeaders ? Number(record.httpHeaders.statusCode) : null;
			const body = await record.readFully(true);
			entry.payloadDigest = sha1Label(body);
			entry.payloadSha1 = crypto.createHash("sha1").update(body).digest("hex");
		} else {
			entry.blockDigest = sha1Label(await record.readFully(false));
		}
		out.push(entry);
	}
	return out;
}

(async () => {
	const raw = await records(false);
	const parsed = await records(true);
	if (raw.length !== parsed.length)
		throw new Error(`record counts differ: ${raw.length} vs ${parsed.length}`);
	parsed.forEach((r, i) => {
		r.blockDigest = raw[i].blockDigest;
		console.log(JSON.stringify(r));
	});
})().catch((e) => {
	console.error("warc_read:", e && e.stack ? e.stack : e);
	process.exit(1);
});
