/**
 * Unrolled: Presenter Mode in the panel: large type and controls (body.presenter in webview.css, which also puts
 * the side card below the network) and the network at 200 %; leaving it goes back to 100 %.
 */
import { PRESENTER_ZOOM } from '../model/zoom';

export function setPresenter(on: boolean, setZoom: (z: number) => void): void {
  document.body.classList.toggle('presenter', on);
  setZoom(on ? PRESENTER_ZOOM : 1);
}
