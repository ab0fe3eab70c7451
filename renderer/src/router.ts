import { createRouter, createWebHistory } from 'vue-router';
import KioskPage from './pages/kiosk/KioskPage.vue';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: KioskPage },
    { path: '/:rest(.*)', redirect: '/' },
  ],
});
