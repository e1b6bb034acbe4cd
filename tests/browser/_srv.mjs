import { serveDir } from './lib.mjs';
import { execSync } from 'node:child_process';
const s = await serveDir('/tmp/srvtest');
for (const p of ['/%E6%95%B0%E6%8D%AE.csv','/f.pdf','/f.woff2','/i.svg','/j.json','/%E5%AD%90%E7%9B%AE%E5%BD%95','/%E5%AD%90%E7%9B%AE%E5%BD%95/','/nope','/..%2f..%2fetc%2fpasswd','/%2e%2e/%2e%2e/etc/passwd'])
  console.log(p, execSync(`curl -s -o /dev/null -w '%{http_code} %{content_type}' --path-as-is '${s.url}${p}'`).toString());
await s.close();
