/** A local HTTP server for the get_url/uri tests, recording every request. */
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export const PAYLOAD = 'kubectl binary, not really\n'
export const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex')

export interface TestServer {
  base: string
  hits: { url: string; headers: Record<string, unknown>; body: string }[]
  close(): Promise<void>
}

export async function startServer(): Promise<TestServer> {
  const hits: TestServer['hits'] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      hits.push({ url: req.url ?? '', headers: req.headers, body })
      if (req.url === '/kubectl') return res.end(PAYLOAD)
      if (req.url === '/kubectl.sha256') return res.end(`${sha256(PAYLOAD)}  kubectl\n`)
      if (req.url === '/api') {
        res.setHeader('Content-Type', 'application/json')
        return res.end(
          JSON.stringify({ method: req.method, body, auth: req.headers['authorization'] ?? null }),
        )
      }
      res.statusCode = 404
      res.end('not found')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { base, hits, close: () => new Promise<void>((r) => server.close(() => r())) }
}
