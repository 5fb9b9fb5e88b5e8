import { expect } from 'chai'
import { orderFor, parseBenchArgs } from '../../../bench/args.js'
import {
  busyCpuS,
  median,
  parseGnuTime,
  ratio,
  renderTable,
  summarise,
  withoutTimeLine,
  type Row,
} from '../../../bench/stats.js'

describe('bench: pure parts', () => {
  it('parses the last line of GNU time output', () => {
    const err = 'some warning\nCommand exited with non-zero status 2\n12.34 3.50 0.75 81234\n'
    expect(parseGnuTime(err)).to.deep.equal({ wallS: 12.34, userS: 3.5, sysS: 0.75, maxRssKb: 81234 })
    expect(withoutTimeLine(err)).to.equal('some warning\nCommand exited with non-zero status 2')
  })

  it('refuses output that is not GNU time format', () => {
    expect(() => parseGnuTime('real 0m1.0s\n')).to.throw(/cannot parse GNU time output/)
    expect(() => parseGnuTime('')).to.throw(/cannot parse/)
  })

  it('counts busy CPU from /proc/stat without idle and iowait', () => {
    const stat = 'cpu  100 20 30 5000 400 5 6 7 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n'
    expect(busyCpuS(stat)).to.be.closeTo((100 + 20 + 30 + 5 + 6 + 7) / 100, 1e-9)
  })

  it('takes medians of odd and even counts', () => {
    expect(median([3, 1, 2])).to.equal(2)
    expect(median([4, 1, 3, 2])).to.equal(2.5)
    expect(median([])).to.be.NaN
  })

  it('gives ratios only when both sides are known', () => {
    expect(ratio(10, 2)).to.equal(5)
    expect(ratio(10, 0)).to.equal(undefined)
    expect(ratio(undefined, 2)).to.equal(undefined)
  })

  it('summarises samples into medians and CPU per host-task', () => {
    const row = summarise(
      [
        { wallS: 1, userS: 0.5, sysS: 0.1, maxRssKb: 102400, remoteS: 2 },
        { wallS: 3, userS: 0.7, sysS: 0.1, maxRssKb: 204800, remoteS: 4 },
        { wallS: 2, userS: 0.6, sysS: 0.1, maxRssKb: 153600 },
      ],
      { workload: 'noop', hosts: 10, tasks: 20, tool: 'tsplay' },
    )
    expect(row.wallS).to.equal(2)
    expect(row.cpuS).to.be.closeTo(0.7, 1e-9)
    expect(row.rssMb).to.equal(150)
    expect(row.remoteS).to.equal(3)
    expect(row.cpuPerHostTaskMs).to.be.closeTo(3.5, 1e-9)
  })

  it('renders the ratio table with ansible/tsplay and tsplay/floor', () => {
    const base = { workload: 'nodeprep', hosts: 50, tasks: 20, reps: 3, cpuPerHostTaskMs: 1, rssMb: 90 }
    const rows: Row[] = [
      { ...base, tool: 'tsplay', wallS: 2, cpuS: 1 },
      { ...base, tool: 'ansible', wallS: 50, cpuS: 80, remoteS: 12.5 },
      { ...base, tool: 'floor', wallS: 1.6, cpuS: 0.2 },
    ]
    const lines = renderTable(rows).trimEnd().split('\n')
    expect(lines).to.have.length(5)
    expect(lines[0]).to.match(/^\| workload \| hosts \| tool \| wall s/)
    expect(lines[2]).to.equal('| nodeprep | 50 | tsplay | 2.00 | 1.00 | 1.00 | 90 | — |  | 1.25x |')
    expect(lines[3]).to.equal('| nodeprep | 50 | ansible | 50.00 | 80.00 | 1.00 | 90 | 12.50 | 25.0x |  |')
    // with each round's times, the ratios are the medians of the rounds' own ratios
    const rounds: Row[] = [
      { ...base, tool: 'tsplay', wallS: 3, cpuS: 1, walls: [3, 3.2, 2.8] },
      { ...base, tool: 'floor', wallS: 2.2, cpuS: 0.2, walls: [2, 2.6, 2.2] },
    ]
    // rounds: 1.5, 1.23, 1.27 -> 1.27 (the ratio of the medians would say 1.36)
    expect(renderTable(rounds).split('\n')[2]).to.match(/\| 1\.27x \|$/)
    const facts = rows.map((r) => ({ ...r, workload: 'facts' as const, tasks: 1 }))
    expect(renderTable(facts).split('\n')[2]).to.match(/\| facts \| 50 \| tsplay \| 2\.00 .*\|  \|  \|$/)
  })

  it('parses its command line and rotates the tool order', () => {
    const a = parseBenchArgs(['--sizes', '10,50,200', '--reps', '5', '--workloads', 'noop,facts'])
    expect(a.sizes).to.deep.equal([10, 50, 200])
    expect(a.reps).to.equal(5)
    expect(a.workloads).to.deep.equal(['noop', 'facts'])
    expect(a.tools).to.deep.equal(['tsplay', 'ansible', 'floor'])
    expect(() => parseBenchArgs(['--sizes', '0'])).to.throw(/1 to 200/)
    expect(() => parseBenchArgs(['--workloads', 'nope'])).to.throw(/unknown workload nope/)
    expect(() => parseBenchArgs(['--fast'])).to.throw(/unknown option/)
    expect(orderFor(['a', 'b', 'c'], 0)).to.deep.equal(['a', 'b', 'c'])
    expect(orderFor(['a', 'b', 'c'], 1)).to.deep.equal(['b', 'c', 'a'])
    expect(orderFor(['a', 'b', 'c'], 4)).to.deep.equal(['b', 'c', 'a'])
  })
})
