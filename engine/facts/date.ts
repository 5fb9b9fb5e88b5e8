/** One `date +'%s|%Y|...|%N'` line → Ansible's `date_time` (strings, as Ansible returns them). */
import type { Vars } from '../inventory/model.js'

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

export function dateFacts(line: string): Vars {
  const parts = line.trim().split('|')
  if (parts.length < 12 || !/^\d+$/.test(parts[0]!)) return {}
  const [epoch, year, month, day, hour, minute, second, weekday, wday, week, tz, offset, nanos] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ]
  // busybox date has no %N
  const micro = nanos && /^\d{9}$/.test(nanos) ? nanos.slice(0, 6) : '000000'
  const u = new Date(Number(epoch) * 1000)
  const utc = `${u.getUTCFullYear()}-${pad(u.getUTCMonth() + 1)}-${pad(u.getUTCDate())}T${pad(u.getUTCHours())}:${pad(u.getUTCMinutes())}:${pad(u.getUTCSeconds())}`
  const basic = `${year}${month}${day}T${hour}${minute}${second}`
  return {
    date_time: {
      year,
      month,
      day,
      hour,
      minute,
      second,
      weekday,
      weekday_number: wday,
      weeknumber: week,
      epoch,
      epoch_int: epoch,
      date: `${year}-${month}-${day}`,
      time: `${hour}:${minute}:${second}`,
      iso8601: `${utc}Z`,
      iso8601_micro: `${utc}.${micro}Z`,
      iso8601_basic: `${basic}${micro}`,
      iso8601_basic_short: basic,
      tz,
      tz_dst: tz,
      tz_offset: offset,
    },
  }
}
