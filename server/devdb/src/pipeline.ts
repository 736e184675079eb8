// The mingo operator context used for aggregation: every mingo operator, except that $sort follows
// MongoDB's order (see query.ts). NOTE: mingo's default entry point merges its own operators over any
// context we pass, so overriding an operator requires the base Aggregator and a context built here.
import { Aggregator } from 'mingo/aggregator';
import { Context } from 'mingo/core';
import { Lazy, type Iterator } from 'mingo/lazy';
import * as accumulator from 'mingo/operators/accumulator';
import * as expression from 'mingo/operators/expression';
import * as pipeline from 'mingo/operators/pipeline';
import * as projection from 'mingo/operators/projection';
import * as query from 'mingo/operators/query';
import * as window from 'mingo/operators/window';
import type { AnyObject, Options } from 'mingo/types';
import { badValue } from './errors';
import { mongoSort } from './query';
import { isPlainObject, type Doc } from './values';

function $sort(coll: Iterator, sortKeys: AnyObject, _options: Options): Iterator {
  if (!isPlainObject(sortKeys) || Object.keys(sortKeys).length === 0)
    throw badValue('$sort key specification must be an object');
  for (const [k, dir] of Object.entries(sortKeys)) {
    if (dir !== 1 && dir !== -1)
      throw badValue(`devdb supports only 1 and -1 sort directions (got ${JSON.stringify(dir)} for '${k}')`);
  }
  return coll.transform((docs: Doc[]) => Lazy(mongoSort(docs, sortKeys)));
}

const context = Context.init({
  accumulator,
  expression,
  pipeline: { ...pipeline, $sort },
  projection,
  query,
  window,
});

export function runPipeline(
  stages: Doc[],
  source: Doc[],
  collectionResolver: (name: string) => Doc[],
): Doc[] {
  return new Aggregator(stages, { context, collectionResolver }).run<Doc>(source);
}
