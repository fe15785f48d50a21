import { z } from 'zod';
import type { AppApi } from './api.js';
import { ClipPackIdSchema, ClipPackSourceSchema } from '../types/clip.js';
import { PeopleExportRequestSchema, ScenesExportRequestSchema } from '../types/export.js';
import { FaceIdSchema, JobIdSchema, PersonIdSchema, PhotoIdSchema, RootIdSchema, SceneIdSchema } from '../types/ids.js';
import { FaceTargetSchema, FindByPhotoOptionsSchema, PageRequestSchema, PeopleQuerySchema } from '../types/person.js';
import { PhotoQuerySchema } from '../types/photo.js';
import { ScenesQuerySchema } from '../types/scene.js';
import { SearchQuerySchema } from '../types/search.js';
import { LibrarySettingsPatchSchema } from '../types/settings.js';

/** Runtime allowlist of callable methods: preload, IPC server and web host all check against it. */
export const API_METHODS = [
  'library.status',
  'library.addRoot',
  'library.removeRoot',
  'library.startScan',
  'library.startIndex',
  'library.startText',
  'photos.list',
  'photos.get',
  'photos.faces',
  'faces.detect',
  'people.list',
  'people.get',
  'people.photos',
  'people.faces',
  'people.unassigned',
  'people.rename',
  'people.merge',
  'people.moveFace',
  'people.rejectFace',
  'people.setHidden',
  'people.setCover',
  'people.suggestions',
  'people.cluster',
  'people.findByPhoto',
  'exports.people',
  'scenes.list',
  'scenes.get',
  'scenes.photos',
  'scenes.rename',
  'scenes.similar',
  'scenes.cluster',
  'exports.scenes',
  'search.text',
  'clip.status',
  'clip.install',
  'clip.activate',
  'clip.remove',
  'clip.embed',
  'settings.get',
  'settings.set',
  'models.list',
  'jobs.list',
  'jobs.get',
  'jobs.issues',
  'jobs.cancel',
  'jobs.pause',
  'jobs.resume',
] as const;
export type ApiMethod = (typeof API_METHODS)[number];

type MethodPaths<T> = {
  [G in keyof T & string]: { [N in keyof T[G] & string]: `${G}.${N}` }[keyof T[G] & string];
}[keyof T & string];

// Fails to compile when AppApi gains a method that API_METHODS does not list (or lists one that does not exist).
const exhaustive: [Exclude<MethodPaths<AppApi>, ApiMethod>, Exclude<ApiMethod, MethodPaths<AppApi>>] extends [
  never,
  never,
]
  ? true
  : never = true;
void exhaustive;

type Fn<M extends ApiMethod> = M extends `${infer G}.${infer N}`
  ? G extends keyof AppApi
    ? N extends keyof AppApi[G]
      ? AppApi[G][N]
      : never
    : never
  : never;
type AnyFn = (...args: never[]) => unknown;
export type Args<M extends ApiMethod> = Parameters<Extract<Fn<M>, AnyFn>>;
export type Ret<M extends ApiMethod> = Awaited<ReturnType<Extract<Fn<M>, AnyFn>>>;

/** Main-side shape: the same signatures, allowed to answer synchronously. */
export type AppApiHandlers = {
  [G in keyof AppApi]: {
    [N in keyof AppApi[G]]: AppApi[G][N] extends (...args: infer A) => Promise<infer R>
      ? (...args: A) => R | Promise<R>
      : never;
  };
};

const pathString = z.string().min(1).max(32_767);

/**
 * Argument validators for every method, applied wherever a call crosses a process boundary.
 * Typed against Args<M>, so a schema that drifts from the interface is a compile error.
 */
export const ARG_SCHEMAS: { readonly [M in ApiMethod]: z.ZodType<Args<M>, unknown> } = {
  'library.status': z.tuple([]),
  'library.addRoot': z.tuple([pathString]),
  'library.removeRoot': z.tuple([RootIdSchema]),
  'library.startScan': z.tuple([z.array(RootIdSchema).max(10_000).optional()]),
  'library.startIndex': z.tuple([]),
  'library.startText': z.tuple([]),
  'photos.list': z.tuple([PhotoQuerySchema]),
  'photos.get': z.tuple([PhotoIdSchema]),
  'photos.faces': z.tuple([PhotoIdSchema]),
  'faces.detect': z.tuple([pathString]),
  'people.list': z.tuple([PeopleQuerySchema]),
  'people.get': z.tuple([PersonIdSchema]),
  'people.photos': z.tuple([PersonIdSchema, PageRequestSchema]),
  'people.faces': z.tuple([PersonIdSchema, PageRequestSchema]),
  'people.unassigned': z.tuple([PageRequestSchema]),
  'people.rename': z.tuple([PersonIdSchema, z.string().trim().min(1).max(200).nullable()]),
  'people.merge': z.tuple([PersonIdSchema, z.array(PersonIdSchema).min(1).max(10_000)]),
  'people.moveFace': z.tuple([FaceIdSchema, FaceTargetSchema]),
  'people.rejectFace': z.tuple([FaceIdSchema, z.enum(['notThisPerson', 'notAFace'])]),
  'people.setHidden': z.tuple([PersonIdSchema, z.boolean()]),
  'people.setCover': z.tuple([PersonIdSchema, FaceIdSchema]),
  'people.suggestions': z.tuple([z.number().int().min(1).max(1000).optional()]),
  'people.cluster': z.tuple([z.enum(['incremental', 'full']).optional()]),
  'people.findByPhoto': z.tuple([pathString, FindByPhotoOptionsSchema.optional()]),
  'exports.people': z.tuple([PeopleExportRequestSchema]),
  'scenes.list': z.tuple([ScenesQuerySchema]),
  'scenes.get': z.tuple([SceneIdSchema]),
  'scenes.photos': z.tuple([SceneIdSchema, PageRequestSchema]),
  'scenes.rename': z.tuple([SceneIdSchema, z.string().trim().min(1).max(200).nullable()]),
  'scenes.similar': z.tuple([PhotoIdSchema, z.number().int().min(1).max(1000).optional()]),
  'scenes.cluster': z.tuple([]),
  'exports.scenes': z.tuple([ScenesExportRequestSchema]),
  'search.text': z.tuple([SearchQuerySchema]),
  'clip.status': z.tuple([]),
  'clip.install': z.tuple([ClipPackSourceSchema]),
  'clip.activate': z.tuple([ClipPackIdSchema.nullable()]),
  'clip.remove': z.tuple([ClipPackIdSchema]),
  'clip.embed': z.tuple([]),
  'settings.get': z.tuple([]),
  'settings.set': z.tuple([LibrarySettingsPatchSchema]),
  'models.list': z.tuple([]),
  'jobs.list': z.tuple([z.boolean().optional()]),
  'jobs.get': z.tuple([JobIdSchema]),
  'jobs.issues': z.tuple([JobIdSchema]),
  'jobs.cancel': z.tuple([JobIdSchema]),
  'jobs.pause': z.tuple([JobIdSchema]),
  'jobs.resume': z.tuple([JobIdSchema]),
};

export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}
