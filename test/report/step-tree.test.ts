// The session step tree (§9): chronological steps nested by span, the chronologically last
// step of a span id being the parent; self-parents, cycles and orphans stay at the top level.
import {describe, expect, it} from 'vitest'

import type {Step} from '../../src/report/aggregate.js'
import {type StepNode, buildStepTree} from '../../src/report/step-tree.js'
import {parseInstant} from '../../src/values/instant.js'
import {usage} from '../support/events.js'

let order = 0
function step(name: string, spanId: string, parentSpanId: string, at?: string): Step {
  const instant = at === undefined ? undefined : parseInstant(at)
  return {
    order: ++order,
    sec: instant?.sec ?? Number.NaN,
    nanos: instant?.nanos ?? 0,
    action: 'api_request',
    name,
    model: 'claude-sonnet-4-5',
    traceId: 't',
    spanId,
    parentSpanId,
    usage: usage({input: 1}),
  }
}

/** The tree as nested names: [name, [children…]]. */
type Shape = Array<string | [string, Shape]>
function shape(nodes: StepNode[]): Shape {
  return nodes.map((node) =>
    node.children.length === 0 ? node.step.name : [node.step.name, shape(node.children)],
  )
}

const T = (s: number) => `2026-06-11T10:00:${String(s).padStart(2, '0')}Z`

describe('buildStepTree', () => {
  it('nests steps under the step whose span id their parent span id names', () => {
    const tree = buildStepTree([
      step('root', 'a', '', T(1)),
      step('child', 'b', 'a', T(2)),
      step('grandchild', 'c', 'b', T(3)),
      step('second child', 'd', 'a', T(4)),
    ])
    expect(shape(tree)).toEqual([['root', [['child', ['grandchild']], 'second child']]])
  })

  it('orders steps chronologically, without timestamp first, ties in log order', () => {
    const tree = buildStepTree([
      step('late', 'x', '', T(9)),
      step('early', 'y', '', T(1)),
      step('tie one', 'z1', '', T(5)),
      step('tie two', 'z2', '', T(5)),
      step('untimed', 'u', ''),
    ])
    expect(shape(tree)).toEqual(['untimed', 'early', 'tie one', 'tie two', 'late'])
  })

  it('nests children chronologically even when the parent comes later in the log', () => {
    const tree = buildStepTree([
      step('child two', 'c2', 'p', T(3)),
      step('child one', 'c1', 'p', T(2)),
      step('parent', 'p', '', T(1)),
    ])
    expect(shape(tree)).toEqual([['parent', ['child one', 'child two']]])
  })

  it('takes the chronologically last step of a duplicated span id as the parent', () => {
    const tree = buildStepTree([
      step('retry two', 'x', '', T(5)),
      step('retry one', 'x', '', T(1)),
      step('child', 'c', 'x', T(3)),
    ])
    expect(shape(tree)).toEqual(['retry one', ['retry two', ['child']]])
  })

  it('keeps a step whose parent would be itself at the top level', () => {
    expect(shape(buildStepTree([step('self', 'a', 'a', T(1))]))).toEqual(['self'])
    // The first 'a' names 'a' as parent: that is the last 'a' step, not itself, so it nests.
    const tree = buildStepTree([step('first a', 'a', 'a', T(1)), step('last a', 'a', 'a', T(2))])
    expect(shape(tree)).toEqual([['last a', ['first a']]])
  })

  it('keeps orphans (parent span absent or empty) at the top level', () => {
    const tree = buildStepTree([
      step('orphan', 'a', 'missing', T(1)),
      step('no span', '', '', T(2)),
      step('child of no span', 'c', '', T(3)),
    ])
    expect(shape(tree)).toEqual(['orphan', 'no span', 'child of no span'])
  })

  it('breaks a cycle at its chronologically first step, keeping every step once', () => {
    const two = buildStepTree([step('a', 'a', 'b', T(1)), step('b', 'b', 'a', T(2))])
    expect(shape(two)).toEqual([['a', ['b']]])
    const three = buildStepTree([
      step('root', 'r', '', T(0)),
      step('x', 'x', 'z', T(1)),
      step('y', 'y', 'x', T(2)),
      step('z', 'z', 'y', T(3)),
    ])
    expect(shape(three)).toEqual(['root', ['x', [['y', ['z']]]]])
  })

  it('is empty without steps', () => {
    expect(buildStepTree([])).toEqual([])
  })
})
