// The session step tree (§9): steps in chronological order, each nested under the step whose
// span id its parent span id names (the chronologically last such step), unless that would be
// itself or would close a cycle; such steps and orphans stay at the top level.
import {chronological} from '../values/instant.js'
import type {Step} from './aggregate.js'

export interface StepNode {
  readonly step: Step
  readonly children: StepNode[]
}

export function buildStepTree(steps: readonly Step[]): StepNode[] {
  const ordered = [...steps].sort(chronological)
  const nodes = ordered.map((step) => ({step, children: [] as StepNode[]}))
  // The chronologically last step of each span id.
  const lastBySpan = new Map<string, number>()
  nodes.forEach((node, index) => {
    if (node.step.spanId !== '') lastBySpan.set(node.step.spanId, index)
  })
  const parentOf = nodes.map((node, index) => {
    const parent =
      node.step.parentSpanId === '' ? undefined : lastBySpan.get(node.step.parentSpanId)
    return parent === index ? undefined : parent
  })
  // Break cycles at their chronologically first step, which stays at the top level.
  for (let index = 0; index < nodes.length; index++) {
    const seen = new Set<number>([index])
    let at = parentOf[index]
    while (at !== undefined) {
      if (at === index) {
        parentOf[index] = undefined
        break
      }
      if (seen.has(at)) break // a cycle above, cut when its own first step comes
      seen.add(at)
      at = parentOf[at]
    }
  }
  const roots: StepNode[] = []
  nodes.forEach((node, index) => {
    const parent = parentOf[index]
    if (parent === undefined) roots.push(node)
    else (nodes[parent] as StepNode).children.push(node)
  })
  return roots
}
