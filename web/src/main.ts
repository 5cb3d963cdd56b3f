import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'
import { i18n, initLocale } from './i18n'
import { loadSession } from './lib/session'
import './styles/main.css'

// The language first (English is fetched only when chosen), then the session, then the page.
void initLocale().finally(() => {
  void loadSession()
  createApp(App).use(i18n).use(router).mount('#app')
})
