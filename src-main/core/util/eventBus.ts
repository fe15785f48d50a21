export type Listener<T> = (payload: T) => void;

export type EventBus<E> = Readonly<{
  on<K extends keyof E>(name: K, listener: Listener<E[K]>): () => void;
  emit<K extends keyof E>(name: K, payload: E[K]): void;
}>;

/** A typed in-process event bus; a throwing listener is isolated so one bad subscriber cannot stop the rest. */
export function createEventBus<E>(onListenerError: (error: unknown) => void = () => undefined): EventBus<E> {
  const listeners = new Map<keyof E, Set<Listener<never>>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as Listener<never>);
      return () => set.delete(listener as Listener<never>);
    },
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) {
        try {
          (listener as Listener<typeof payload>)(payload);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}
