import { createRouter, createWebHistory } from 'vue-router'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/screen' },
    { path: '/screen', component: () => import('./screen/WallScreen.vue') },
    { path: '/duty', component: () => import('./duty/DutyPage.vue') },
    { path: '/review', component: () => import('./review/ReviewPage.vue') },
    { path: '/review/briefing', component: () => import('./review/BriefingPage.vue') },
    { path: '/review/reconcile', component: () => import('./review/ReconcilePage.vue') },
    { path: '/admin', component: () => import('./admin/AdminPage.vue') },
    { path: '/dispatch', component: () => import('./dispatch/DispatchPage.vue') },
  ],
})
