/**
 * Unrolled: Presenter Mode in the panel: large type and controls (body.presenter in webview.css, which also puts
 * the side card below the network) and the network at 200 %; leaving it goes back to 100 %. A lesson output
 * (one of many on the notebook's page) sets it on its own root instead (.unrolled-cell.presenter).
 */
import { PRESENTER_ZOOM } from '../model/zoom';

export function setPresenter(on: boolean, setZoom: (z: number) => void, root: HTMLElement = document.body): void {
  root.classList.toggle('presenter', on);
  setZoom(on ? PRESENTER_ZOOM : 1);
}
