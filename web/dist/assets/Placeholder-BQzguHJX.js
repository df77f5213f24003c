import{u as o,n,M as s}from"./index-CLymQw78.js";function a(){const{t}=o("notifications");return n.jsx(s,{title:t("title")})}export{a as default};
