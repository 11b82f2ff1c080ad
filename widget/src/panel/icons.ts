import { icon } from '../kit.ts';

export const icons = {
  close: icon('M6 6l12 12M18 6 6 18'),
  send: icon('M4 12h15m-6-6 6 6-6 6'),
  image: icon('M4 5h16v14H4zm0 11 5-5 4 4 3-3 4 4'),
  mic: icon('M9 6a3 3 0 0 1 6 0v5a3 3 0 0 1-6 0zm-3 5a6 6 0 0 0 12 0m-6 6v4'),
  stop: icon('M7 7h10v10H7z'),
  plus: icon('M12 5v14M5 12h14'),
  reply: icon('M9 7l-5 5 5 5m-5-5h9a7 7 0 0 1 7 7'),
  back: icon('M19 12H5m6-6-6 6 6 6'),
  signOut: icon('M14 4h5v16h-5M10 8l-4 4 4 4m-4-4h10'),
  sound: icon('M4 9h4l5-4v14l-5-4H4zm12 0a4 4 0 0 1 0 6m2-9a8 8 0 0 1 0 12'),
  bell: icon('M6 16v-5a6 6 0 0 1 12 0v5l2 2H4zm4 4h4'),
  archive: icon('M3 4h18v4H3zm2 4v12h14V8m-9 4h4'),
  edit: icon('M4 20h4L19 9l-4-4L4 16zm9-13 4 4'),
  trash: icon('M4 7h16M9 7V4h6v3m-9 0 1 13h10l1-13M10 11v6m4-6v6'),
  note: icon('M5 4h14v11l-5 5H5zm9 16v-5h5M8 9h8m-8 4h5'),
  calendar: icon('M4 6h16v14H4zm0 4h16M8 3v5m8-5v5m-4 6v4m-2-2h4'),
};
