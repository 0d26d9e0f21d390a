/**
 * The renderer's one data layer: every read of the engine is a TanStack Query keyed by
 * `[method, input]`, and every write is a mutation that, when it succeeds, invalidates the reads
 * its method declares stale (`effects` beside the contract, shared/contract*.ts). No view keeps
 * its own copy of engine data, and no view has to know which other views a write touches.
 */
import {
  keepPreviousData,
  QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import { useCallback } from 'react';
import { effects, type InputArg, type Method, type Output, type StaleTarget } from '../../../shared/contract';
import { invoke, type ApiFailure } from '../api';

/** The query key of a read: the method and its input. */
export function apiKey<M extends Method>(method: M, input: InputArg<M>): readonly [M, InputArg<M>] {
  return [method, input] as const;
}

/** A query client with the defaults the app wants. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The engine is local: an error is an answer (bad input, missing unit), not a flaky network.
        retry: false,
        // Writes made here invalidate what they touch; coming back to the window refetches
        // whatever another door (the CLI, another window) may have changed meanwhile.
        staleTime: 60_000,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}

/** True when a query key is made stale by `target`. */
export function isStaleFor(key: QueryKey, target: StaleTarget): boolean {
  const method = key[0];
  if (typeof method !== 'string') return false;
  if (target === '*') return true;
  if (target.endsWith('.*')) return method.startsWith(target.slice(0, -1));
  return method === target;
}

/** Invalidates every cached read made stale by any of `targets` (active ones refetch at once). */
export function invalidateTargets(client: QueryClient, targets: readonly StaleTarget[]): Promise<void> {
  if (targets.length === 0) return Promise.resolve();
  return client.invalidateQueries({ predicate: (q) => targets.some((t) => isStaleFor(q.queryKey, t)) });
}

/** Invalidates what a successful call of `method` makes stale. */
export function invalidateAfter(client: QueryClient, method: Method): Promise<void> {
  return invalidateTargets(client, effects[method]);
}

/** Options of {@link useApiQuery}. */
export interface ApiQueryOptions<M extends Method, T> {
  /** False while the input is not known yet (nothing is fetched). */
  readonly enabled?: boolean;
  /** Keep showing the previous data while the next key loads (a slider, a search box). */
  readonly keepPrevious?: boolean;
  /** Derive what the view needs from the output (memoised by the query). */
  readonly select?: (output: Output<M>) => T;
  /** Poll every so many milliseconds (jobs, clocks), or false. */
  readonly refetchInterval?: number | false;
}

/** Reads `method` with `input` through the cache. */
export function useApiQuery<M extends Method, T = Output<M>>(
  method: M,
  input: InputArg<M>,
  options: ApiQueryOptions<M, T> = {},
): UseQueryResult<T, ApiFailure> {
  return useQuery<Output<M>, ApiFailure, T>({
    queryKey: apiKey(method, input),
    queryFn: () => invoke(method, input),
    enabled: options.enabled ?? true,
    ...(options.select ? { select: options.select } : {}),
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
    ...(options.refetchInterval !== undefined ? { refetchInterval: options.refetchInterval } : {}),
  });
}

/** Options of {@link useApiMutation}. */
export interface ApiMutationOptions<M extends Method> {
  readonly onSuccess?: (output: Output<M>, input: InputArg<M>) => void;
  readonly onError?: (error: ApiFailure, input: InputArg<M>) => void;
}

/**
 * A write through `method`. On success the reads the method declares stale are invalidated
 * before `onSuccess` runs, so whatever `onSuccess` shows next is already fresh.
 */
export function useApiMutation<M extends Method>(
  method: M,
  options: ApiMutationOptions<M> = {},
): UseMutationResult<Output<M>, ApiFailure, InputArg<M>> {
  const client = useQueryClient();
  return useMutation<Output<M>, ApiFailure, InputArg<M>>({
    mutationFn: (input) => invoke(method, input),
    onSuccess: async (output, input) => {
      await invalidateAfter(client, method);
      options.onSuccess?.(output, input);
    },
    ...(options.onError ? { onError: (error: ApiFailure, input: InputArg<M>) => options.onError?.(error, input) } : {}),
  });
}

/**
 * Calls a method outside a mutation hook (loops, jobs, imperative handlers) and invalidates what
 * it makes stale when it succeeds.
 */
export function useCall(): <M extends Method>(method: M, input: InputArg<M>) => Promise<Output<M>> {
  const client = useQueryClient();
  return useCallback(
    async <M extends Method>(method: M, input: InputArg<M>): Promise<Output<M>> => {
      const out = await invoke(method, input);
      await invalidateAfter(client, method);
      return out;
    },
    [client],
  );
}

/** Invalidates explicit targets (e.g. when a sync import job finishes). */
export function useInvalidate(): (targets: readonly StaleTarget[]) => Promise<void> {
  const client = useQueryClient();
  return useCallback((targets: readonly StaleTarget[]) => invalidateTargets(client, targets), [client]);
}
