/** The connection pool: one connection per host and login, and no cached failures. */
import { expect } from 'chai'
import { UnreachableError } from '../../../engine/connection/types.js'
import { ConnectionPool } from '../../../engine/executor/connections.js'

describe('connection pool', () => {
  it('reuses a host connection and retries one that failed to open', async () => {
    const pool = new ConnectionPool()
    const failed = await pool.get('h1', { ansible_connection: 'bogus' }).catch((e: unknown) => e)
    expect(failed).to.be.instanceOf(UnreachableError)
    // same host and login: a later task connects again instead of getting the old failure
    const conn = await pool.get('h1', { ansible_connection: 'local' })
    expect((await conn.exec('echo ok')).stdout).to.equal('ok\n')
    expect(await pool.get('h1', { ansible_connection: 'local' })).to.equal(conn)
    await pool.closeAll()
  })
})
