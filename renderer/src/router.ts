import { createRouter, createWebHashHistory, createWebHistory } from 'vue-router';
import './services/bridge';
import KioskPage from './pages/kiosk/KioskPage.vue';

export const router = createRouter({
  // Hash routes: the same URLs work under Electron's app://kiosk/ protocol and the UI server, whatever path serves index.html.
  history: window.kioskBridge ? createWebHashHistory() : createWebHistory(),
  routes: [
    { path: '/', component: KioskPage },
    { path: '/tech', component: () => import('./pages/tech/TechPage.vue') },
    { path: '/office', component: () => import('./pages/office/OfficePage.vue') },
    { path: '/:rest(.*)', redirect: '/' },
  ],
});
