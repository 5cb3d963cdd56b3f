// Routes. Paths are Vietnamese without diacritics. Codes (which contain dots) travel in the query
// string, so that every page path has no dot and the server's fallback to index.html serves it.
import { nextTick } from 'vue'
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { t } from './i18n'
import { loadSession, session } from './lib/session'
import HomeView from './views/citizen/HomeView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string // i18n key
    auth?: 'any' | 'citizen' | 'staff' | 'admin'
    office?: boolean
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: HomeView, meta: { title: 'home.title' } },
    {
      path: '/thu-tuc',
      name: 'procedure',
      component: () => import('./views/citizen/ProcedureView.vue'),
      meta: { title: 'procedure.code' },
    },
    {
      path: '/dang-nhap',
      name: 'sign-in',
      component: () => import('./views/SignInView.vue'),
      meta: { title: 'signIn.title' },
    },
    {
      path: '/nop-ho-so/:step',
      name: 'wizard',
      component: () => import('./views/citizen/WizardView.vue'),
      meta: { title: 'wizard.check.title', auth: 'citizen' },
    },
    {
      path: '/ho-so-da-nop',
      name: 'submitted',
      component: () => import('./views/citizen/SubmittedView.vue'),
      meta: { title: 'wizard.done.title' },
    },
    {
      path: '/tra-cuu',
      name: 'track',
      component: () => import('./views/citizen/TrackView.vue'),
      meta: { title: 'track.title' },
    },
    {
      path: '/ho-so-cua-toi',
      name: 'mine',
      component: () => import('./views/citizen/MyDossiersView.vue'),
      meta: { title: 'mine.title', auth: 'citizen' },
    },
    {
      path: '/ho-so-cua-toi/ho-so',
      name: 'my-dossier',
      component: () => import('./views/citizen/MyDossierView.vue'),
      meta: { title: 'mine.title', auth: 'citizen' },
    },
    {
      path: '/can-bo',
      name: 'queue',
      component: () => import('./views/office/QueueView.vue'),
      meta: { title: 'office.queueTitle', auth: 'staff', office: true },
    },
    {
      path: '/can-bo/ho-so',
      name: 'office-dossier',
      component: () => import('./views/office/DossierView.vue'),
      meta: { title: 'office.queueTitle', auth: 'staff', office: true },
    },
    {
      path: '/can-bo/tiep-nhan',
      name: 'counter',
      component: () => import('./views/office/CounterView.vue'),
      meta: { title: 'counter.title', auth: 'staff', office: true },
    },
    {
      path: '/can-bo/chi-so',
      name: 'dashboard',
      component: () => import('./views/office/DashboardView.vue'),
      meta: { title: 'dashboard.title', auth: 'staff', office: true },
    },
    // Administration (administrators only; AdminNav shows others a notice).
    { path: '/quan-tri', redirect: { name: 'admin-users' } },
    {
      path: '/quan-tri/nguoi-dung',
      name: 'admin-users',
      component: () => import('./views/admin/UsersView.vue'),
      meta: { title: 'admin.users.title', auth: 'admin', office: true },
    },
    {
      path: '/quan-tri/co-quan',
      name: 'admin-agencies',
      component: () => import('./views/admin/AgenciesView.vue'),
      meta: { title: 'admin.agencies.title', auth: 'admin', office: true },
    },
    {
      path: '/quan-tri/danh-muc',
      name: 'admin-catalog',
      component: () => import('./views/admin/CatalogView.vue'),
      meta: { title: 'admin.catalog.title', auth: 'admin', office: true },
    },
    {
      path: '/quan-tri/cong-bo',
      name: 'admin-publish',
      component: () => import('./views/admin/PublishView.vue'),
      meta: { title: 'admin.publish.title', auth: 'admin', office: true },
    },
    {
      path: '/quan-tri/quy-trinh',
      name: 'admin-process',
      component: () => import('./views/admin/ProcessView.vue'),
      meta: { title: 'admin.process.title', auth: 'admin', office: true },
    },
    {
      path: '/quan-tri/lich',
      name: 'admin-calendar',
      component: () => import('./views/admin/CalendarView.vue'),
      meta: { title: 'admin.calendar.title', auth: 'admin', office: true },
    },
    {
      path: '/:rest(.*)*',
      name: 'not-found',
      component: () => import('./views/NotFoundView.vue'),
      meta: { title: 'app.notFoundTitle' },
    },
  ],
  scrollBehavior(_to, _from, saved) {
    return saved ?? { top: 0 }
  },
})

router.beforeEach(async (to) => {
  if (!to.meta.auth) return true
  await loadSession()
  if (!session.user) return { name: 'sign-in', query: { next: to.fullPath } }
  return true
})

export function setTitle(text: string): void {
  document.title = `${text} – ${t('app.serviceName')}`
}

let first = true
router.afterEach((to: RouteLocationNormalized) => {
  if (to.meta.title) setTitle(t(to.meta.title))
  if (first) {
    first = false
    return
  }
  // Move focus to the new page (as a full page load would), unless an error summary took it.
  void nextTick(() => {
    if (document.activeElement?.closest('.error-summary')) return
    document.getElementById('main-content')?.focus({ preventScroll: true })
  })
})

