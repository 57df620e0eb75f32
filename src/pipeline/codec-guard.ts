// An io-ts codec's type guard compiled into plain closures. io-ts's own `is` walks the codec
// through generic wrappers (`some` over union members, a record check, a closure a property);
// every line of a log goes through the event codec's guard, so the same checks written as
// direct closures save a visible share of a line's cost. The codec stays the single source of
// the event's shape: this only reads it, and falls back to `is` for kinds it does not know.
import * as t from 'io-ts'

export type Guard = (value: unknown) => boolean

export function compileGuard(codec: t.Mixed): Guard {
  if (codec instanceof t.PartialType) return partialGuard(codec.props as t.Props)
  if (codec instanceof t.UnionType) return unionGuard((codec.types as t.Mixed[]).map(compileGuard))
  if (codec instanceof t.RefinementType) {
    const inner = compileGuard(codec.type as t.Mixed)
    const predicate = codec.predicate as (value: unknown) => boolean
    return (value) => inner(value) && predicate(value)
  }
  if (codec instanceof t.StringType) return (value) => typeof value === 'string'
  if (codec instanceof t.NumberType) return (value) => typeof value === 'number'
  if (codec instanceof t.NullType) return (value) => value === null
  if (codec instanceof t.UnknownType) return () => true
  return (value) => codec.is(value)
}

function partialGuard(props: t.Props): Guard {
  const keys = Object.keys(props)
  const guards = keys.map((key) => compileGuard(props[key] as t.Mixed))
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
    const record = value as Record<string, unknown>
    for (let i = 0; i < keys.length; i++) {
      const field = record[keys[i] as string]
      if (field !== undefined && !(guards[i] as Guard)(field)) return false
    }
    return true
  }
}

function unionGuard(members: Guard[]): Guard {
  if (members.length === 2) {
    const [first, second] = members as [Guard, Guard]
    return (value) => first(value) || second(value)
  }
  return (value) => members.some((member) => member(value))
}
